//! Themes: Tera templates, static files and a `theme.toml`, from `themes/<name>/` or the
//! embedded default theme, with the site's own `templates/` and `static/` laid over them.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tera::{Context, Tera};

use super::embedded::DEFAULT_THEME;
use super::template_errors::{error_chain, syntax_diagnostic};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location};

/// The templates every theme must have, one per kind of page.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "404.html",
    "briefing.html",
    "collection.html",
    "home.html",
    "note.html",
    "search.html",
    "tag.html",
    "tags.html",
    "timeline.html",
];

/// A loaded theme: its templates parsed once, ready to render pages from any thread.
#[derive(Debug)]
pub struct Theme {
    name: String,
    description: Option<String>,
    /// Shared with the next build's theme while the templates are the same.
    tera: std::sync::Arc<Tera>,
    origins: BTreeMap<String, PathBuf>,
    static_files: BTreeMap<String, Vec<u8>>,
    fingerprint: u128,
}

/// The files a theme is made of, before parsing.
#[derive(Default)]
struct ThemeFiles {
    info: Option<(PathBuf, String)>,
    templates: BTreeMap<String, (PathBuf, String)>,
    statics: BTreeMap<String, Vec<u8>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeInfo {
    name: Option<String>,
    description: Option<String>,
}

impl Theme {
    /// Loads the theme `config.theme` for the site at `root`: `themes/<name>/`, or the
    /// embedded default theme when the name is `default` and the folder does not exist;
    /// then the site's `templates/*.html` replace the theme's by name and its `static/**`
    /// files replace the theme's by path. Every problem found is reported.
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        Theme::load_reusing(root, config, None)
    }

    /// Like [`Theme::load`], but takes the parsed templates of `previous` (an earlier
    /// load of the same site) when every template is the same, rather than parsing them
    /// all again.
    pub fn load_reusing(
        root: &Path,
        config: &Config,
        previous: Option<&Theme>,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let name = config.theme.as_str();
        let dir = root.join("themes").join(name);
        let mut files = if !is_safe_theme_name(name) {
            return Err(vec![unknown_theme(root, name)]);
        } else if dir.is_dir() {
            read_theme_dir(root, &dir)?
        } else if name == "default" {
            embedded_files()?
        } else {
            return Err(vec![unknown_theme(root, name)]);
        };
        let mut problems = Vec::new();
        collect_overrides(
            root,
            &root.join("templates"),
            &mut files.templates,
            &mut problems,
        );
        collect_statics(
            root,
            &root.join("static"),
            &mut files.statics,
            &mut problems,
        );
        if !problems.is_empty() {
            return Err(problems);
        }
        Theme::from_files(name, files, previous)
    }

    fn from_files(
        name: &str,
        files: ThemeFiles,
        previous: Option<&Theme>,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let (name, description) = match &files.info {
            Some((path, text)) => parse_info(path, text, name)?,
            None => (name.to_string(), None),
        };
        let fingerprint = templates_fingerprint(&name, &files.templates);
        let tera = match previous {
            Some(previous) if previous.fingerprint == fingerprint => previous.tera.clone(),
            _ => std::sync::Arc::new(build_tera(&files.templates)?),
        };
        let origins = files
            .templates
            .iter()
            .map(|(n, (path, _))| (n.clone(), path.clone()))
            .collect();
        Ok(Theme {
            name,
            description,
            tera,
            origins,
            static_files: files.statics,
            fingerprint,
        })
    }

    /// A hash of the theme's name and every template's name, file and text: two themes
    /// with the same fingerprint render the same context to the same bytes.
    pub fn fingerprint(&self) -> u128 {
        self.fingerprint
    }

    /// The theme's name (from `theme.toml`, else its folder).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The theme's one-line description, from `theme.toml`.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The static files to copy into the output, by output path (`assets/style.css`);
    /// the site's `static/` files have replaced the theme's of the same path.
    pub fn static_files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.static_files
    }

    /// The names of the theme's templates (`base.html`, ...), sorted.
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.origins.keys().map(String::as_str)
    }

    /// Renders one template into bytes (UTF-8: every piece of a page is text); a failure
    /// names the template's file. Bytes, not a `String`, so that a page is not read
    /// through once more to check that it is UTF-8 before it is written.
    pub(crate) fn render(
        &self,
        template: &str,
        context: &Context,
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        // Most pages are a few dozen kilobytes: room for them from the start spares the
        // copies of a buffer that grows step by step.
        let mut out = Vec::with_capacity(64 * 1024);
        self.tera
            .render_to(template, context, &mut out)
            .map(|()| out)
            .map_err(|e| {
                let diagnostic = Diagnostic::error("template-error", error_chain(&e));
                Box::new(match self.origins.get(template) {
                    Some(path) => diagnostic.in_file(path),
                    None => diagnostic,
                })
            })
    }
}

fn templates_fingerprint(name: &str, templates: &BTreeMap<String, (PathBuf, String)>) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut feed = |text: &[u8]| {
        hasher.update(&(text.len() as u64).to_le_bytes());
        hasher.update(text);
    };
    feed(name.as_bytes());
    for (template, (path, text)) in templates {
        feed(template.as_bytes());
        feed(path.as_os_str().as_encoded_bytes());
        feed(text.as_bytes());
    }
    hasher.digest128()
}

fn is_safe_theme_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn unknown_theme(root: &Path, name: &str) -> Diagnostic {
    let mut available = vec!["default".to_string()];
    if let Ok(entries) = std::fs::read_dir(root.join("themes")) {
        for entry in entries.flatten() {
            if entry.path().is_dir() {
                available.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
    }
    available.sort();
    available.dedup();
    Diagnostic::error("unknown-theme", format!("there is no theme `{name}`"))
        .in_file(Path::new(crate::config::CONFIG_FILE))
        .note(format!("looked for the folder themes/{name}/"))
        .help(format!(
            "set `theme` in site.toml to one of: {}",
            available.join(", ")
        ))
}

fn embedded_files() -> Result<ThemeFiles, Vec<Diagnostic>> {
    let base = Path::new("(embedded default theme)");
    let mut files = ThemeFiles::default();
    let mut problems = Vec::new();
    for (path, bytes) in DEFAULT_THEME {
        add_file(&mut files, base, path, bytes.to_vec(), &mut problems);
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

fn read_theme_dir(root: &Path, dir: &Path) -> Result<ThemeFiles, Vec<Diagnostic>> {
    let mut files = ThemeFiles::default();
    let mut problems = Vec::new();
    for (rel, path) in walk(root, dir, &mut problems) {
        match std::fs::read(&path) {
            Ok(bytes) => add_file(
                &mut files,
                &display_path(root, dir),
                &rel,
                bytes,
                &mut problems,
            ),
            Err(e) => problems.push(read_error(root, &path, &e)),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Files under `dir` as (path relative to `dir` with `/`, full path), sorted; hidden
/// files and folders (a name starting with `.`) are skipped.
fn walk(root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let site = root.canonicalize().ok();
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(match (e.path(), e.loop_ancestor()) {
                    (Some(path), Some(ancestor)) => Diagnostic::error(
                        "symlink-loop",
                        format!(
                            "`{}` links back to `{}`, making a loop",
                            display_path(root, path).display(),
                            display_path(root, ancestor).display()
                        ),
                    )
                    .in_file(&display_path(root, path))
                    .help("remove the link, or point it at a folder that does not contain it"),
                    _ => Diagnostic::error(
                        "unreadable-file",
                        format!("cannot read `{}`: {e}", display_path(root, dir).display()),
                    )
                    .in_file(&display_path(root, dir)),
                });
                continue;
            }
        };
        if entry.file_type().is_dir() {
            // A linked folder that leads out of the site is reported once, not walked.
            let outside = entry.path_is_symlink()
                && site
                    .as_ref()
                    .is_some_and(|site| !inside_site(root, site, entry.path(), problems));
            if outside {
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if let Some(site) = &site {
            if !inside_site(root, site, entry.path(), problems) {
                continue;
            }
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        match parts {
            Some(parts) => out.push((parts.join("/"), entry.path().to_path_buf())),
            None => problems.push(
                Diagnostic::error("bad-file-name", "a file name is not valid UTF-8")
                    .in_file(&display_path(root, entry.path())),
            ),
        }
    }
    out
}

/// Whether `path` (a file found under the site, maybe through a symbolic link) really
/// is inside the site folder `site` (canonical); reports it when it is not, so that a
/// link in `static/` or `templates/` cannot publish the builder's own files.
fn inside_site(root: &Path, site: &Path, path: &Path, problems: &mut Vec<Diagnostic>) -> bool {
    match path.canonicalize() {
        Ok(target) if target.starts_with(site) => true,
        Ok(target) => {
            let shown = display_path(root, path);
            problems.push(
                Diagnostic::error(
                    "symlink-outside",
                    format!(
                        "`{}` links to `{}`, outside the site folder",
                        shown.display(),
                        target.display()
                    ),
                )
                .in_file(&shown)
                .note("brief does not follow links out of the site, so a build cannot publish files from elsewhere")
                .help("copy the file into the site instead of linking to it"),
            );
            false
        }
        Err(e) => {
            problems.push(read_error(root, path, &e));
            false
        }
    }
}

fn add_file(
    files: &mut ThemeFiles,
    base: &Path,
    rel: &str,
    bytes: Vec<u8>,
    problems: &mut Vec<Diagnostic>,
) {
    let shown = base.join(rel);
    if rel == "theme.toml" {
        match String::from_utf8(bytes) {
            Ok(text) => files.info = Some((shown, text)),
            Err(_) => problems.push(not_utf8(&shown)),
        }
    } else if let Some(name) = rel.strip_prefix("templates/") {
        match String::from_utf8(bytes) {
            Ok(text) => {
                files.templates.insert(name.to_string(), (shown, text));
            }
            Err(_) => problems.push(not_utf8(&shown)),
        }
    } else if let Some(out) = rel.strip_prefix("static/") {
        files.statics.insert(out.to_string(), bytes);
    }
}

fn collect_overrides(
    root: &Path,
    dir: &Path,
    templates: &mut BTreeMap<String, (PathBuf, String)>,
    problems: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for (rel, path) in walk(root, dir, problems) {
        if !rel.ends_with(".html") {
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                templates.insert(rel, (display_path(root, &path), text));
            }
            Err(e) => problems.push(read_error(root, &path, &e)),
        }
    }
}

fn collect_statics(
    root: &Path,
    dir: &Path,
    statics: &mut BTreeMap<String, Vec<u8>>,
    problems: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for (rel, path) in walk(root, dir, problems) {
        match std::fs::read(&path) {
            Ok(bytes) => {
                statics.insert(rel, bytes);
            }
            Err(e) => problems.push(read_error(root, &path, &e)),
        }
    }
}

fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn read_error(root: &Path, path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error("unreadable-file", format!("cannot read the file: {error}"))
        .in_file(&display_path(root, path))
}

fn not_utf8(path: &Path) -> Diagnostic {
    Diagnostic::error("not-utf8", "the file is not valid UTF-8")
        .in_file(path)
        .help("save the file as UTF-8")
}

fn parse_info(
    path: &Path,
    text: &str,
    folder: &str,
) -> Result<(String, Option<String>), Vec<Diagnostic>> {
    match toml::from_str::<ThemeInfo>(text) {
        Ok(info) => Ok((
            info.name.unwrap_or_else(|| folder.to_string()),
            info.description,
        )),
        Err(e) => {
            let message = format!("theme.toml: {}", e.message().trim());
            let mut diagnostic = Diagnostic::error("bad-theme", message)
                .help("theme.toml knows two keys: `name` and `description`");
            diagnostic = match e.span() {
                Some(span) => {
                    diagnostic.at(Location::from_offset(path, text, span.start, span.len()))
                }
                None => diagnostic.in_file(path),
            };
            Err(vec![diagnostic])
        }
    }
}

fn build_tera(templates: &BTreeMap<String, (PathBuf, String)>) -> Result<Tera, Vec<Diagnostic>> {
    let mut problems: Vec<Diagnostic> = templates
        .iter()
        .filter_map(|(name, (path, text))| {
            tera::Template::new(name, None, text)
                .err()
                .map(|e| syntax_diagnostic(name, path, text, &e))
        })
        .collect();
    for required in REQUIRED_TEMPLATES {
        if !templates.contains_key(*required) {
            problems.push(
                Diagnostic::error("missing-template", format!("the theme has no `{required}`"))
                    .help(format!("add templates/{required}; see docs/templates.md")),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(super::escape::html_escape);
    disable_nondeterministic_functions(&mut tera);
    tera.add_raw_templates(templates.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
        .map_err(|e| vec![Diagnostic::error("template-error", error_chain(&e))])?;
    Ok(tera)
}

/// `now()`, `get_random()` and `get_env()` would make builds differ from run to run or
/// machine to machine; they report an error instead.
fn disable_nondeterministic_functions(tera: &mut Tera) {
    for name in ["now", "get_random", "get_env"] {
        let message =
            format!("`{name}()` is not available: brief builds the same site from the same files");
        tera.register_function(name, move |_: &HashMap<String, tera::Value>| {
            Err(tera::Error::msg(message.clone()))
        });
    }
}

#[cfg(test)]
mod tests;

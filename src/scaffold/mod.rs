//! `brief new` and `brief add`: starting a site and adding content files with a
//! front-matter skeleton. File-system edge of the CLI; nothing here is on the build path.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::slug::slugify;

/// A problem creating files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScaffoldError {
    /// The target folder has files in it and `--force` was not given.
    #[error("`{}` is not empty\n  help: choose a new folder, or pass --force to add the starter files anyway (existing files are kept)", .0.display())]
    NotEmpty(PathBuf),
    /// The file to create exists already.
    #[error("`{}` already exists; brief never overwrites a file\n  help: choose another name, or edit that file", .0.display())]
    Exists(PathBuf),
    /// `brief add` was given a kind that is neither `briefing` nor a collection.
    #[error(
        "there is no kind `{kind}` to add\n  help: use one of: {known}\n  help: or declare it in site.toml:\n        [collections.{plural}]\n        singular = \"{singular}\""
    )]
    UnknownKind {
        /// What was asked for.
        kind: String,
        /// What exists, comma-separated.
        known: String,
        /// The collection name a declaration would use (a guess at the plural).
        plural: String,
        /// The singular a declaration would use.
        singular: String,
    },
    /// `brief add` was given an empty name.
    #[error("the {kind}'s {what} is empty\n  help: give it, e.g. brief add {kind} \"{example}\"")]
    BlankName {
        /// What was to be added.
        kind: String,
        /// `title` or `name`.
        what: &'static str,
        /// An example name.
        example: &'static str,
    },
    /// A name with no Latin letters or digits, and no `--slug`.
    #[error(
        "`{name}` gives no file name: file names are made of Latin letters, digits and hyphens\n  help: name the file with --slug, e.g. brief add {kind} \"{name}\" --slug kim-jong-un"
    )]
    NoSlug {
        /// What was to be added.
        kind: String,
        /// The name given.
        name: String,
    },
    /// A `--slug` that is not a safe file name.
    #[error(
        "`{slug}` cannot be a file name: use lowercase Latin letters, digits and single hyphens\n  help: --slug {fixed}"
    )]
    BadSlug {
        /// The slug given.
        slug: String,
        /// The same made safe.
        fixed: String,
    },
    /// A file system operation failed.
    #[error("cannot {action} `{}`: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: io::Error,
    },
}

/// The starter site's own files (the theme comes from the binary's embedded copy).
const STARTER: &[(&str, &str)] = &[
    ("site.toml", include_str!("starter/site.toml")),
    (".gitignore", include_str!("starter/gitignore")),
    (
        "content/briefings/2024-03-14-ministers-meet-in-lisbon.md",
        include_str!("starter/briefing.md"),
    ),
    (
        "content/briefings/2024-03-14-ministers-meet-in-lisbon.yaml",
        include_str!("starter/briefing.yaml"),
    ),
    (
        "content/people/ana-costa.md",
        include_str!("starter/person.md"),
    ),
    ("content/places/lisbon.md", include_str!("starter/place.md")),
];

/// Creates a new site in `dir`: site.toml, a `.gitignore` for the output, one example
/// briefing with annotations and notes, and `theme_files` under `themes/default/`.
/// Refuses a non-empty folder unless `force`; never overwrites an existing file.
/// Returns the files written, relative to `dir`.
pub fn new_site(
    dir: &Path,
    force: bool,
    theme_files: &[(&str, &[u8])],
) -> Result<Vec<PathBuf>, ScaffoldError> {
    if !force && !is_empty_or_missing(dir)? {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    let theme = theme_files
        .iter()
        .map(|(path, bytes)| (format!("themes/default/{path}"), *bytes));
    let starter = STARTER
        .iter()
        .map(|(path, text)| (path.to_string(), text.as_bytes()));
    let mut written = Vec::new();
    for (rel, bytes) in starter.chain(theme) {
        let target = dir.join(&rel);
        if target.exists() {
            continue;
        }
        write_new(&target, bytes)?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

fn is_empty_or_missing(dir: &Path) -> Result<bool, ScaffoldError> {
    match fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(true),
        Err(source) => Err(ScaffoldError::Io {
            action: "read",
            path: dir.to_path_buf(),
            source,
        }),
    }
}

/// Writes a file that must not exist yet, creating its folders.
fn write_new(target: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(|source| ScaffoldError::Io {
            action: "create folder",
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(|source| match source.kind() {
            io::ErrorKind::AlreadyExists => ScaffoldError::Exists(target.to_path_buf()),
            _ => ScaffoldError::Io {
                action: "create",
                path: target.to_path_buf(),
                source,
            },
        })?;
    io::Write::write_all(&mut file, bytes).map_err(|source| ScaffoldError::Io {
        action: "write",
        path: target.to_path_buf(),
        source,
    })
}

/// Adds a content file to the site at `root`: `kind` is `briefing` or a collection's
/// name or singular (`person`, `people`, `place`, `organization`, ...). The slug is made
/// from `name`; briefings are prefixed with `date` (YYYY-MM-DD). Returns the new path.
pub fn add(
    root: &Path,
    config: &Config,
    kind: &str,
    name: &str,
    slug: Option<&str>,
    date: &str,
) -> Result<PathBuf, ScaffoldError> {
    let is_briefing = kind == "briefing" || kind == "briefings";
    let name = name.trim();
    if name.is_empty() {
        return Err(ScaffoldError::BlankName {
            kind: kind.to_string(),
            what: if is_briefing { "title" } else { "name" },
            example: if is_briefing {
                "Kim arrives in Russia"
            } else {
                "Kim Jong Un"
            },
        });
    }
    let slug = file_slug(kind, name, slug)?;
    let (rel, text) = if is_briefing {
        let rel = format!("content/briefings/{date}-{slug}.md");
        (rel, briefing_skeleton(name, date))
    } else {
        let collection = config
            .collections
            .values()
            .find(|c| c.name == kind || c.singular == kind)
            .ok_or_else(|| {
                let singular = kind.strip_suffix('s').unwrap_or(kind);
                ScaffoldError::UnknownKind {
                    kind: kind.to_string(),
                    known: known_kinds(config),
                    plural: format!("{singular}s"),
                    singular: singular.to_string(),
                }
            })?;
        let rel = format!("content/{}/{slug}.md", collection.name);
        (rel, note_skeleton(&collection.name, name, date))
    };
    let target = root.join(&rel);
    write_new(&target, text.as_bytes())?;
    Ok(PathBuf::from(rel))
}

/// The file name (without `.md`) for `name`: `slug` when given (and safe), otherwise
/// made from the name, which must hold Latin letters or digits.
fn file_slug(kind: &str, name: &str, slug: Option<&str>) -> Result<String, ScaffoldError> {
    match slug {
        Some(slug) if crate::slug::is_safe(slug) => Ok(slug.to_string()),
        Some(slug) => Err(ScaffoldError::BadSlug {
            slug: slug.to_string(),
            fixed: slugify(slug),
        }),
        None if name.chars().any(|c| c.is_ascii_alphanumeric()) => Ok(slugify(name)),
        None => Err(ScaffoldError::NoSlug {
            kind: kind.to_string(),
            name: name.to_string(),
        }),
    }
}

fn known_kinds(config: &Config) -> String {
    std::iter::once("briefing (or briefings)".to_string())
        .chain(
            config
                .collections
                .values()
                .map(|c| format!("{} (or {})", c.singular, c.name)),
        )
        .collect::<Vec<_>>()
        .join(", ")
}

/// YAML double-quoted string for a user-given name.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn briefing_skeleton(title: &str, date: &str) -> String {
    format!(
        "---\ntitle: {}\ndate: {date}\n# summary: >-\n#   The bottom line, in two or three sentences (Markdown).\n\
         # source:\n#   name: Publication\n#   url: https://example.org/original-article\n\
         #   author: Reporter Name\n#   published: {date}\n# tags: [topic]\n# draft: true\n---\n\n\
         Paste the article's text here, in Markdown.\n\n\
         <!-- Annotations go in a file beside this one with the same name and .yaml:\n\
         annotations:\n  - quote: text exactly as the article has it\n    note: What the reader should know.\n-->\n",
        yaml_string(title)
    )
}

fn note_skeleton(collection: &str, name: &str, date: &str) -> String {
    let specific = match collection {
        "people" => {
            "# sort_as: Family name, Given name (where lists file them, if not under the first letter)\n\
                     # role: Their role, as of the date below\n# born: 1952\n# died: 2011\n\
                     # nationality: Russian\n# image: https://example.org/portrait.jpg\n"
        }
        "places" => {
            "# country: Russia\n# coords: [43.12, 131.89]\n# population: about 600,000\n\
                     # admin: Primorsky Krai\n"
        }
        _ => "",
    };
    format!(
        "---\nname: {}\n# aliases: [Other Name, Short Name]\n\
         # summary: One or two sentences, shown on hover cards.\n{specific}\
         updated: {date}\n# sources:\n#   - url: https://example.org/source\n#     title: Where the facts come from\n\
         # tags: [topic]\n# facts:\n#   Founded: 1991\n---\n\nA longer background note, in Markdown.\n",
        yaml_string(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config() -> Config {
        crate::config::parse(
            Path::new("site.toml"),
            "title = \"t\"\n[collections.organizations]\nsingular = \"organization\"\n",
        )
        .expect("config")
    }

    #[test]
    fn new_site_writes_the_starter_and_refuses_a_non_empty_folder() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("site");
        let written =
            new_site(&dir, false, &[("theme.toml", b"name = \"default\"\n")]).expect("new");
        assert!(written.contains(&PathBuf::from("site.toml")));
        assert!(dir.join("themes/default/theme.toml").is_file());
        assert!(dir.join(".gitignore").is_file());
        let err = new_site(&dir, false, &[]).expect_err("not empty");
        assert!(matches!(err, ScaffoldError::NotEmpty(_)));
        fs::write(dir.join("site.toml"), "title = \"mine\"\n").expect("edit");
        new_site(&dir, true, &[]).expect("force");
        assert_eq!(
            fs::read_to_string(dir.join("site.toml")).expect("read"),
            "title = \"mine\"\n",
            "--force keeps existing files"
        );
    }

    #[test]
    fn add_refuses_a_blank_name_and_asks_for_a_slug_where_none_can_be_made() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let config = config();
        let err =
            add(tmp.path(), &config, "briefing", "  ", None, "2019-04-24").expect_err("blank");
        assert!(
            matches!(err, ScaffoldError::BlankName { what: "title", .. }),
            "{err}"
        );
        let err =
            add(tmp.path(), &config, "person", "김정은", None, "2019-04-24").expect_err("slug");
        assert!(err.to_string().contains("--slug"), "{err}");
        let err = add(
            tmp.path(),
            &config,
            "person",
            "김정은",
            Some("Kim Jong"),
            "2019-04-24",
        )
        .expect_err("bad slug");
        assert!(err.to_string().contains("--slug kim-jong"), "{err}");
        let path = add(
            tmp.path(),
            &config,
            "person",
            "김정은",
            Some("kim-jong-un"),
            "2019-04-24",
        )
        .expect("add");
        assert_eq!(path, PathBuf::from("content/people/kim-jong-un.md"));
        assert!(!tmp.path().join("content/people/untitled.md").exists());
    }

    #[test]
    fn add_creates_slugged_files_and_never_overwrites() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let config = config();
        let path = add(
            tmp.path(),
            &config,
            "person",
            "Kim Jong Un",
            None,
            "2019-04-24",
        )
        .expect("add");
        assert_eq!(path, PathBuf::from("content/people/kim-jong-un.md"));
        let text = fs::read_to_string(tmp.path().join(&path)).expect("read");
        assert!(text.starts_with("---\nname: \"Kim Jong Un\"\n"), "{text}");
        assert!(
            text.contains("# role") && !text.contains("# coords"),
            "{text}"
        );
        let err = add(
            tmp.path(),
            &config,
            "people",
            "Kim Jong Un",
            None,
            "2019-04-24",
        )
        .expect_err("dup");
        assert!(matches!(err, ScaffoldError::Exists(_)));
        let org = add(
            tmp.path(),
            &config,
            "organization",
            "Yonhap",
            None,
            "2019-04-24",
        )
        .expect("org");
        assert_eq!(org, PathBuf::from("content/organizations/yonhap.md"));
        let b = add(
            tmp.path(),
            &config,
            "briefing",
            "Kim's \"visit\"",
            None,
            "2019-04-24",
        )
        .expect("b");
        assert_eq!(
            b,
            PathBuf::from("content/briefings/2019-04-24-kims-visit.md")
        );
        let text = fs::read_to_string(tmp.path().join(&b)).expect("read");
        assert!(text.contains("title: \"Kim's \\\"visit\\\"\""), "{text}");
        let err = add(tmp.path(), &config, "planet", "Mars", None, "2019-04-24").expect_err("kind");
        assert!(
            err.to_string().contains(
                "briefing (or briefings), organization (or organizations), person (or people), \
                 place (or places)"
            ),
            "{err}"
        );
    }
}

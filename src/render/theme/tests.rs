use std::path::Path;

use super::*;
use crate::graph::testkit::config;

fn site() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
    std::fs::write(path, text).expect("write");
}

fn with_theme(name: &str) -> Config {
    let mut config = config();
    config.theme = name.to_string();
    config
}

fn errors(root: &Path, config: &Config) -> String {
    match Theme::load(root, config) {
        Ok(_) => panic!("expected the theme to fail"),
        Err(problems) => problems.iter().map(Diagnostic::render).collect(),
    }
}

#[test]
fn the_embedded_default_theme_loads_without_a_themes_folder() {
    let dir = site();
    let theme = Theme::load(dir.path(), &config()).expect("embedded theme");
    assert_eq!(theme.name(), "default");
    assert!(theme.description().is_some());
    for required in REQUIRED_TEMPLATES {
        assert!(theme.template_names().any(|n| n == *required), "{required}");
    }
    assert!(theme.static_files().contains_key("assets/style.css"));
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let dir = site();
    write(dir.path(), "templates/404.html", "custom {{ page.kind }}");
    write(dir.path(), "static/assets/style.css", "body{}");
    write(dir.path(), "static/robots.txt", "User-agent: *");
    write(dir.path(), "static/.DS_Store", "junk");
    let theme = Theme::load(dir.path(), &config()).expect("theme");
    let css = theme.static_files().get("assets/style.css").expect("css");
    assert_eq!(css, b"body{}");
    assert!(theme.static_files().contains_key("robots.txt"));
    assert!(!theme.static_files().contains_key(".DS_Store"));
    assert!(theme.static_files().contains_key("assets/brief.js"));
    let mut context = Context::new();
    context.insert("page", &serde_json::json!({ "kind": "404" }));
    assert_eq!(
        theme.render("404.html", &context).expect("renders"),
        b"custom 404"
    );
}

#[test]
fn a_theme_folder_is_read_with_its_theme_toml() {
    let dir = site();
    for name in REQUIRED_TEMPLATES {
        write(
            dir.path(),
            &format!("themes/plain/templates/{name}"),
            "{{ page.kind }}",
        );
    }
    write(
        dir.path(),
        "themes/plain/theme.toml",
        "name = \"Plain\"\ndescription = \"d\"\n",
    );
    write(dir.path(), "themes/plain/static/x.css", "x");
    let theme = Theme::load(dir.path(), &with_theme("plain")).expect("theme");
    assert_eq!((theme.name(), theme.description()), ("Plain", Some("d")));
    assert_eq!(theme.static_files().keys().collect::<Vec<_>>(), ["x.css"]);
}

#[test]
fn unknown_theme_lists_the_available_ones() {
    let dir = site();
    write(dir.path(), "themes/plain/theme.toml", "");
    let report = errors(dir.path(), &with_theme("fancy"));
    assert!(report.contains("there is no theme `fancy`"), "{report}");
    assert!(report.contains("default, plain"), "{report}");
    let report = errors(dir.path(), &with_theme("../etc"));
    assert!(report.contains("there is no theme `../etc`"), "{report}");
}

#[test]
fn unknown_keys_in_theme_toml_are_errors() {
    let dir = site();
    for name in REQUIRED_TEMPLATES {
        write(dir.path(), &format!("themes/plain/templates/{name}"), "x");
    }
    write(
        dir.path(),
        "themes/plain/theme.toml",
        "name = \"p\"\nauthor = \"me\"\n",
    );
    let report = errors(dir.path(), &with_theme("plain"));
    assert!(report.contains("unknown field `author`"), "{report}");
    assert!(report.contains("themes/plain/theme.toml:2:1"), "{report}");
}

#[test]
fn template_syntax_errors_name_every_file_and_line() {
    let dir = site();
    write(dir.path(), "templates/home.html", "<p>\n{{ oops }\n");
    write(dir.path(), "templates/tag.html", "{% if x %}\n");
    let report = errors(dir.path(), &config());
    assert!(report.contains("templates/home.html:2:"), "{report}");
    assert!(
        report.contains("syntax error in template `tag.html`"),
        "{report}"
    );
}

#[test]
fn missing_templates_are_reported() {
    let dir = site();
    write(dir.path(), "themes/bare/templates/home.html", "x");
    let report = errors(dir.path(), &with_theme("bare"));
    assert!(
        report.contains("the theme has no `timeline.html`"),
        "{report}"
    );
}

#[test]
fn now_and_random_are_disabled_for_determinism() {
    let dir = site();
    write(dir.path(), "templates/404.html", "{{ now() }}");
    let theme = Theme::load(dir.path(), &config()).expect("theme");
    let error = theme
        .render("404.html", &Context::new())
        .expect_err("now() fails");
    assert!(
        error.message.contains("`now()` is not available"),
        "{}",
        error.message
    );
    assert!(
        error.render().contains("templates/404.html"),
        "{}",
        error.render()
    );
}

#[test]
fn a_reload_reuses_the_parsed_templates_only_while_they_are_the_same() {
    let dir = site();
    write(dir.path(), "templates/404.html", "first {{ page.kind }}");
    let first = Theme::load(dir.path(), &config()).expect("theme");
    let same = Theme::load_reusing(dir.path(), &config(), Some(&first)).expect("theme");
    assert!(std::sync::Arc::ptr_eq(&first.tera, &same.tera));
    write(dir.path(), "static/robots.txt", "User-agent: *");
    let with_static = Theme::load_reusing(dir.path(), &config(), Some(&same)).expect("theme");
    assert!(with_static.static_files().contains_key("robots.txt"));
    write(dir.path(), "templates/404.html", "second {{ page.kind }}");
    let changed = Theme::load_reusing(dir.path(), &config(), Some(&with_static)).expect("theme");
    assert!(!std::sync::Arc::ptr_eq(&first.tera, &changed.tera));
    let mut context = Context::new();
    context.insert("page", &serde_json::json!({ "kind": "404" }));
    assert_eq!(
        changed.render("404.html", &context).expect("renders"),
        b"second 404"
    );
    std::fs::remove_file(dir.path().join("templates/404.html")).expect("remove");
    let back = Theme::load_reusing(dir.path(), &config(), Some(&changed)).expect("theme");
    assert!(!std::sync::Arc::ptr_eq(&changed.tera, &back.tera));
    let fresh = Theme::load(dir.path(), &config()).expect("theme");
    assert_eq!(back.fingerprint(), fresh.fingerprint());
}

//! The default theme, built into the binary so that a site without a `themes/default/`
//! folder (a new site, `cargo install`) still builds. These are the very files under
//! `themes/default/` in the repository; a test checks that the two never drift apart.

/// Every file of the default theme: its path inside the theme folder and its bytes.
pub const DEFAULT_THEME: &[(&str, &[u8])] = &[
    (
        "theme.toml",
        include_bytes!("../../themes/default/theme.toml"),
    ),
    (
        "templates/404.html",
        include_bytes!("../../themes/default/templates/404.html"),
    ),
    (
        "templates/base.html",
        include_bytes!("../../themes/default/templates/base.html"),
    ),
    (
        "templates/briefing.html",
        include_bytes!("../../themes/default/templates/briefing.html"),
    ),
    (
        "templates/collection.html",
        include_bytes!("../../themes/default/templates/collection.html"),
    ),
    (
        "templates/home.html",
        include_bytes!("../../themes/default/templates/home.html"),
    ),
    (
        "templates/note.html",
        include_bytes!("../../themes/default/templates/note.html"),
    ),
    (
        "templates/partials/map.html",
        include_bytes!("../../themes/default/templates/partials/map.html"),
    ),
    (
        "templates/search.html",
        include_bytes!("../../themes/default/templates/search.html"),
    ),
    (
        "templates/tag.html",
        include_bytes!("../../themes/default/templates/tag.html"),
    ),
    (
        "templates/tags.html",
        include_bytes!("../../themes/default/templates/tags.html"),
    ),
    (
        "templates/timeline.html",
        include_bytes!("../../themes/default/templates/timeline.html"),
    ),
    (
        "static/assets/brief.js",
        include_bytes!("../../themes/default/static/assets/brief.js"),
    ),
    (
        "static/assets/search.js",
        include_bytes!("../../themes/default/static/assets/search.js"),
    ),
    (
        "static/assets/style.css",
        include_bytes!("../../themes/default/static/assets/style.css"),
    ),
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::DEFAULT_THEME;

    #[test]
    fn embedded_theme_is_byte_identical_to_themes_default() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk = BTreeMap::new();
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.expect("readable theme folder");
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&dir).expect("inside the theme");
                let rel = rel.to_string_lossy().replace('\\', "/");
                on_disk.insert(rel, std::fs::read(entry.path()).expect("readable file"));
            }
        }
        let embedded: BTreeMap<String, Vec<u8>> = DEFAULT_THEME
            .iter()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect();
        let disk_names: Vec<&String> = on_disk.keys().collect();
        let embedded_names: Vec<&String> = embedded.keys().collect();
        assert_eq!(
            disk_names, embedded_names,
            "add new theme files to DEFAULT_THEME"
        );
        assert!(
            on_disk == embedded,
            "embedded bytes differ from themes/default"
        );
    }
}

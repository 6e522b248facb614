//! What each file of `content/` is, from its path alone.

use std::path::{Component, Path};

use crate::config::Config;

/// The folder of briefings and their annotation files.
pub const BRIEFINGS: &str = "briefings";

/// What a file under `content/` holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// `content/briefings/<slug>.md`
    Briefing,
    /// `content/briefings/<slug>.yaml` (or `.yml`)
    Sidecar,
    /// `content/<collection>/<slug>.md`
    Note(String),
}

/// The role and the file stem (the slug to be) of a path relative to the site root, or
/// `None` for a file brief does not read.
pub(crate) fn role_of(path: &Path, config: &Config) -> Option<(Role, String)> {
    let mut parts = path.components().filter_map(|c| match c {
        Component::Normal(part) => part.to_str(),
        _ => None,
    });
    let (Some(super::walk::CONTENT), Some(folder), Some(file), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let (stem, extension) = file.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    let extension = extension.to_ascii_lowercase();
    let is_markdown = matches!(extension.as_str(), "md" | "markdown");
    let role = if folder == BRIEFINGS {
        match extension.as_str() {
            "md" | "markdown" => Role::Briefing,
            "yaml" | "yml" => Role::Sidecar,
            _ => return None,
        }
    } else if is_markdown && config.collections.contains_key(folder) {
        Role::Note(folder.to_string())
    } else {
        return None;
    };
    Some((role, stem.to_string()))
}

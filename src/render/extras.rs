//! The files of the site besides its pages: the sitemap, the Atom feed, the search index
//! and the highlight stylesheet. In a rebuild, each is made again only when what it is
//! made from changed (told by the prints of the pieces it reads); otherwise it is handed
//! over as unchanged.

use std::collections::HashMap;

use xxhash_rust::xxh3::Xxh3;

use super::context::{Cell, Prints, Shared, cell_index};
use super::feed::{self, FEED_ENTRIES};
use super::search::{self, SearchMemo};
use super::{HIGHLIGHT_CSS, PageMemo};

/// What the extra files of one build were made from.
#[derive(Debug, Clone, Default)]
pub(super) struct ExtrasMemo {
    /// A hash of the inputs of each file, by path.
    keys: HashMap<String, u128>,
    /// The search entries of the briefings.
    search: SearchMemo,
}

/// The extra files of a build: each path with its bytes, or `None` when the file is the
/// one the previous build made; and what to remember of them.
pub(super) struct Extras {
    /// Path and bytes (`None`: unchanged).
    pub files: Vec<(String, Option<Vec<u8>>)>,
    /// For the next build.
    pub memo: ExtrasMemo,
}

/// Makes the extra files, given the output paths of the pages. With `prints`, the files
/// whose inputs are those recorded in `previous` are not made again.
pub(super) fn extra_files(
    shared: &Shared<'_>,
    prints: Option<&Prints>,
    previous: Option<&PageMemo>,
    html_paths: &[&str],
) -> Extras {
    let earlier = previous.map(|memo| &memo.extras);
    let mut memo = ExtrasMemo::default();
    let mut files = Vec::new();
    let mut add = |path: &str, key: Option<u128>, make: &mut dyn FnMut() -> Vec<u8>| {
        let same = same_as_before(earlier, path, key);
        files.push((path.to_string(), (!same).then(make)));
        if let Some(key) = key {
            memo.keys.insert(path.to_string(), key);
        }
    };
    add(
        "sitemap.xml",
        prints.map(|p| sitemap_key(p, html_paths)),
        &mut || feed::sitemap(shared, html_paths).into_bytes(),
    );
    add("atom.xml", prints.map(|p| atom_key(p, shared)), &mut || {
        feed::atom(shared).into_bytes()
    });
    add(HIGHLIGHT_CSS, prints.map(|_| 1), &mut || {
        crate::markdown::highlight_css().into_bytes()
    });
    let key = prints.map(|p| search_key(p, shared));
    let unchanged = same_as_before(earlier, search::JSON, key);
    match earlier.filter(|_| unchanged) {
        Some(earlier) => {
            files.push((search::JSON.to_string(), None));
            files.push((search::SCRIPT.to_string(), None));
            memo.search = earlier.search.clone();
        }
        None => {
            let no_memo = SearchMemo::default();
            let entries = earlier.map_or(&no_memo, |e| &e.search);
            let (index, search) = search::index_files(shared, prints, entries);
            match index {
                Some(index) => {
                    files.extend(index.into_iter().map(|(path, bytes)| (path, Some(bytes))));
                }
                None => {
                    files.push((search::JSON.to_string(), None));
                    files.push((search::SCRIPT.to_string(), None));
                }
            }
            memo.search = search;
        }
    }
    if let Some(key) = key {
        memo.keys.insert(search::JSON.to_string(), key);
    }
    Extras { files, memo }
}

/// Whether `key` is what the previous build recorded for the file at `path`.
fn same_as_before(earlier: Option<&ExtrasMemo>, path: &str, key: Option<u128>) -> bool {
    key.is_some() && earlier.and_then(|e| e.keys.get(path)) == key.as_ref()
}

/// The sitemap lists the pages, with absolute addresses.
fn sitemap_key(prints: &Prints, html_paths: &[&str]) -> u128 {
    let mut hasher = Xxh3::new();
    hasher.update(&prints.fold(&[Cell::Site]).to_le_bytes());
    for path in html_paths {
        hasher.update(path.as_bytes());
        hasher.update(b"\n");
    }
    hasher.digest128()
}

/// The feed holds the newest briefings, whole. (A briefing's print is the revision of
/// its anchoring, which no other briefing has: the list of prints says which they are.)
fn atom_key(prints: &Prints, shared: &Shared<'_>) -> u128 {
    let newest = shared.graph().newest_first.iter().take(FEED_ENTRIES);
    let cells: Vec<Cell> = std::iter::once(Cell::Site)
        .chain(newest.flat_map(|&b| {
            let b = cell_index(b);
            [Cell::Briefing(b), Cell::BriefingValue(b)]
        }))
        .collect();
    prints.fold(&cells)
}

/// The search index holds every briefing and every note.
fn search_key(prints: &Prints, shared: &Shared<'_>) -> u128 {
    let briefings = shared.graph().newest_first.iter().flat_map(|&b| {
        let b = cell_index(b);
        [Cell::Briefing(b), Cell::BriefingValue(b)]
    });
    let notes = (0..shared.loaded().notes.len()).flat_map(|n| {
        let n = cell_index(n);
        [Cell::Note(n), Cell::NoteValue(n)]
    });
    prints.fold(&briefings.chain(notes).collect::<Vec<Cell>>())
}

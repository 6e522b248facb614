//! The files of the site besides its pages: the sitemap, the Atom feed, the search index
//! and the highlight stylesheet. In a rebuild, each is made again only when what it is
//! made from changed (told by the prints of the pieces it reads); otherwise it is handed
//! over as unchanged.

use std::collections::HashMap;

use xxhash_rust::xxh3::Xxh3;

use super::context::{Cell, Prints, Shared};
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
        let same = key.is_some() && earlier.and_then(|e| e.keys.get(path)) == key.as_ref();
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
    let key = prints.and_then(|p| search_key(p, shared));
    let unchanged = key.is_some() && earlier.and_then(|e| e.keys.get(search::JSON)) == key.as_ref();
    match (unchanged, earlier) {
        (true, Some(earlier)) => {
            files.push((search::JSON.to_string(), None));
            files.push((search::SCRIPT.to_string(), None));
            memo.search = earlier.search.clone();
        }
        _ => {
            let no_memo = SearchMemo::default();
            let entries = earlier.map_or(&no_memo, |e| &e.search);
            let (index, search) = search::index_files(shared, prints, entries);
            files.extend(index.into_iter().map(|(path, bytes)| (path, Some(bytes))));
            memo.search = search;
        }
    }
    if let Some(key) = key {
        memo.keys.insert(search::JSON.to_string(), key);
    }
    Extras { files, memo }
}

fn print(hasher: &mut Xxh3, prints: &Prints, cell: Cell) {
    match prints.get(cell) {
        Some(print) => {
            hasher.update(&[1]);
            hasher.update(&print.to_le_bytes());
        }
        None => hasher.update(&[0]),
    }
}

/// The sitemap lists the pages, with absolute addresses.
fn sitemap_key(prints: &Prints, html_paths: &[&str]) -> u128 {
    let mut hasher = Xxh3::new();
    print(&mut hasher, prints, Cell::Site);
    for path in html_paths {
        hasher.update(path.as_bytes());
        hasher.update(b"\n");
    }
    hasher.digest128()
}

/// The feed holds the newest briefings, whole.
fn atom_key(prints: &Prints, shared: &Shared<'_>) -> u128 {
    let mut hasher = Xxh3::new();
    print(&mut hasher, prints, Cell::Site);
    for &b in shared.graph().newest_first.iter().take(FEED_ENTRIES) {
        let b = super::context::cell_index(b);
        hasher.update(&b.to_le_bytes());
        print(&mut hasher, prints, Cell::Briefing(b));
        print(&mut hasher, prints, Cell::BriefingValue(b));
    }
    hasher.digest128()
}

/// The search index holds every briefing and note; `None` when a briefing has no print.
fn search_key(prints: &Prints, shared: &Shared<'_>) -> Option<u128> {
    let mut hasher = Xxh3::new();
    for &b in &shared.graph().newest_first {
        let (revision, value) = prints.search_key(b)?;
        hasher.update(&revision.to_le_bytes());
        hasher.update(&value.to_le_bytes());
    }
    for n in 0..shared.loaded().notes.len() {
        let n = super::context::cell_index(n);
        print(&mut hasher, prints, Cell::Note(n));
        print(&mut hasher, prints, Cell::NoteValue(n));
    }
    Some(hasher.digest128())
}

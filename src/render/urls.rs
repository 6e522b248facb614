//! Where each page lives, and the relative links between pages.
//!
//! Every page is an `index.html` in its folder (`briefings/visit/index.html`), and every
//! internal link is relative: a page at depth 2 reaches the site root with `../../`.

use crate::model::{Briefing, Note};

use super::escape::encode_fragment_text_into;

/// The id of the element that holds a briefing's article body: where a link to a
/// passage that did not anchor leads.
pub const ARTICLE_ID: &str = "article";

/// The path from a page's output file to the site root: `""` for `index.html`, `"../"`
/// for `tags/index.html`, `"../../"` for `briefings/x/index.html`.
pub fn root_for(output_path: &str) -> String {
    "../".repeat(output_path.matches('/').count())
}

/// The site-relative URL of a briefing page (`briefings/<slug>/`).
pub fn briefing_url(briefing: &Briefing) -> String {
    format!("briefings/{}/", briefing.slug)
}

/// The site-relative URL of a note page (`<collection>/<slug>/`).
pub fn note_url(note: &Note) -> String {
    format!("{}/{}/", note.collection, note.slug)
}

/// The site-relative URL of a collection's index page (`<collection>/`).
pub fn collection_url(collection: &str) -> String {
    format!("{collection}/")
}

/// The site-relative URL of a tag's page (`tags/<slug>/`).
pub fn tag_url(slug: &str) -> String {
    format!("tags/{slug}/")
}

/// The output file of a page at a site-relative URL: `people/kim/` → `people/kim/index.html`.
pub fn output_path(url: &str) -> String {
    format!("{url}index.html")
}

/// The id of the endnote for an annotation's `data-annot` id (`a3` → `note-a3`).
pub fn endnote_id(annot: &str) -> String {
    format!("note-{annot}")
}

/// The id of the first element of the mark `data-annot="<annot>"` in a briefing's body
/// (`a3` → `ref-a3`): links to a passage (from note pages, from its endnote) lead there,
/// and the theme highlights it as the `:target`. Unlike a text fragment, it lands on the
/// passage in every browser, with the theme's script or without, however often its
/// words occur on the page.
pub fn mark_id(annot: &str) -> String {
    format!("{}{annot}", crate::markdown::MARK_ID_PREFIX)
}

/// The id of the `ordinal`th range (1-based, in reading order) of the mark
/// `data-annot="<annot>"`: [`mark_id`] for the first, `ref-a3-2` for the second.
pub fn range_id(annot: &str, ordinal: usize) -> String {
    match ordinal {
        0 | 1 => mark_id(annot),
        n => format!("{}{annot}-{n}", crate::markdown::MARK_ID_PREFIX),
    }
}

/// The passage in the original article at `href` (a web address), as a link with a text
/// fragment: browsers that support text fragments scroll to the passage and highlight
/// it, others open the article. Only the passage's own words are used, as the words
/// around it may read differently there. `None` for a passage without words or an
/// address that is not `http` or `https`.
pub fn original_passage_url(href: &str, passage: &str) -> Option<String> {
    let web = href.starts_with("https://") || href.starts_with("http://");
    if !web {
        return None;
    }
    let mut out = String::with_capacity(href.len() + 10 + 3 * passage.len().min(128));
    out.push_str(href);
    out.push_str(match href.contains('#') {
        true => ":~:text=",
        false => "#:~:text=",
    });
    push_text_of(&mut out, passage).then_some(out)
}

/// Appends the `text` part of a text directive for `passage` to `out`: all its words,
/// or its first and last five when it has more than ten; `false`, with nothing
/// appended, when the passage has no words.
fn push_text_of(out: &mut String, passage: &str) -> bool {
    let words = passage.split_whitespace();
    match words.clone().take(11).count() {
        0 => return false,
        11 => {
            encode_words(out, words.take(5));
            out.push(',');
            encode_words(
                out,
                passage[start_of_last_words(passage, 5)..].split_whitespace(),
            );
        }
        _ => {
            encode_words(out, words);
        }
    }
    true
}

/// Appends `words`, percent-encoded and separated by encoded spaces, to `out`; whether
/// there was any.
fn encode_words<'w>(out: &mut String, words: impl IntoIterator<Item = &'w str>) -> bool {
    let mut any = false;
    for word in words {
        if any {
            out.push_str("%20");
        }
        encode_fragment_text_into(out, word);
        any = true;
    }
    any
}

/// Where the last `n` whitespace-separated words of `text` start (the end of `text`
/// when it has none), found from the end so that a long text is not walked through.
fn start_of_last_words(text: &str, n: usize) -> usize {
    let mut start = text.len();
    let mut found = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                found += 1;
                in_word = false;
                if found == n {
                    break;
                }
            }
        } else {
            in_word = true;
            start = i;
        }
    }
    start
}

/// The attributes whose URLs [`relative_links`] makes relative.
const URL_ATTRIBUTES: [&[u8]; 4] = [b"href", b"src", b"action", b"poster"];

/// `html` with every link written from the site root (`href="/places/khasan/"`) made
/// relative to the page, whose path to the root is `root` (`"../../"`, or the path of
/// the `base_url` on the 404 page, `/korea/`, which links that begin with it keep), so
/// that a site works under any path, as every link brief writes does. It covers `href`, `src`, `action` and `poster` (also `data-href`), quoted either
/// way, and in JSON inside a script (`href=\"/x/\"`, a card's summary); links to another
/// host (`//host/x`) stay as they are. Only markup can hold such a link: in text, a
/// quote is always written `&quot;`.
pub fn relative_links(html: Vec<u8>, root: &str) -> Vec<u8> {
    // `="/` is rare in a page (brief writes relative links), so three fast scans for
    // the ways a value can begin cost less than a look at every `=`.
    let mut slashes: Vec<usize> = [&b"=\"/"[..], b"='/", b"=\\\"/"]
        .into_iter()
        .flat_map(|needle| memchr::memmem::find_iter(&html, needle))
        .filter_map(|eq| root_relative_value(&html, eq))
        .collect();
    if slashes.is_empty() {
        return html;
    }
    slashes.sort_unstable();
    // A root from the host's root (the 404 page's `/korea/`): the template's own links
    // begin with it already.
    if root.starts_with('/') {
        slashes.retain(|&slash| !html[slash..].starts_with(root.as_bytes()));
    }
    let mut out = Vec::with_capacity(html.len() + slashes.len() * root.len());
    let mut copied = 0;
    for slash in slashes {
        out.extend_from_slice(&html[copied..slash]);
        let after = html.get(slash + 1).copied();
        if root.is_empty() && matches!(after, Some(b'"' | b'\'' | b'\\' | b'#' | b'?')) {
            out.extend_from_slice(b"./");
        } else {
            out.extend_from_slice(root.as_bytes());
        }
        copied = slash + 1;
    }
    out.extend_from_slice(&html[copied..]);
    out
}

/// Where the `/` stands that begins a URL written from the site root, in the attribute
/// whose `=` is at `eq`; `None` for any other attribute or value.
fn root_relative_value(html: &[u8], eq: usize) -> Option<usize> {
    let name = &html[..eq];
    let named = URL_ATTRIBUTES.iter().any(|attribute| {
        name.ends_with(attribute)
            && name
                .len()
                .checked_sub(attribute.len() + 1)
                .and_then(|before| name.get(before))
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'-')
    });
    if !named {
        return None;
    }
    let value = &html[eq + 1..];
    let slash = match value {
        [b'"' | b'\'', b'/', ..] => eq + 2,
        [b'\\', b'"', b'/', ..] => eq + 3,
        _ => return None,
    };
    match html.get(slash + 1) {
        Some(b'/' | b'\\') => None,
        _ => Some(slash),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relative(html: &str, root: &str) -> String {
        String::from_utf8(relative_links(html.as_bytes().to_vec(), root)).unwrap()
    }

    #[test]
    fn links_from_the_root_become_relative_to_the_page() {
        let html = r#"<a href="/places/khasan/">K</a> <img src='/img/a.png' alt=""> <a class="x" data-href="/people/kim/#a">"#;
        assert_eq!(
            relative(html, "../../"),
            r#"<a href="../../places/khasan/">K</a> <img src='../../img/a.png' alt=""> <a class="x" data-href="../../people/kim/#a">"#
        );
        assert_eq!(
            relative(
                r#"<a href="/">home</a><a href="/#top">top</a><a href="/x/">x</a>"#,
                ""
            ),
            r#"<a href="./">home</a><a href="./#top">top</a><a href="x/">x</a>"#
        );
        assert_eq!(
            relative(r#"<a href="/x/">"#, "https://example.org/sub/"),
            r#"<a href="https://example.org/sub/x/">"#
        );
        // From the host's root (the 404 page): links already under it stay.
        assert_eq!(
            relative(r#"<a href="/sub/assets/a.css"><a href="/x/">"#, "/sub/"),
            r#"<a href="/sub/assets/a.css"><a href="/sub/x/">"#
        );
    }

    #[test]
    fn json_in_a_script_is_rewritten_too() {
        let html = r#"{"summary_html":"<a href=\"/places/khasan/\">K</a>"}"#;
        assert_eq!(
            relative(html, "../../"),
            r#"{"summary_html":"<a href=\"../../places/khasan/\">K</a>"}"#
        );
    }

    #[test]
    fn other_hosts_text_and_other_attributes_stay() {
        let html = r#"<a href="//cdn.example.org/x">a</a> <p>1=/2 href=&quot;/y&quot;</p> <a title="/t" xhref="/z" href="https://e.org/">"#;
        assert_eq!(relative(html, "../"), html);
    }

    #[test]
    fn root_climbs_one_level_per_folder() {
        assert_eq!(root_for("index.html"), "");
        assert_eq!(root_for("404.html"), "");
        assert_eq!(root_for("tags/index.html"), "../");
        assert_eq!(root_for("briefings/x/index.html"), "../../");
    }

    #[test]
    fn the_original_gets_the_passage_words_only() {
        assert_eq!(
            original_passage_url("https://example.org/news/1", "Kim Jong-un arrived").as_deref(),
            Some("https://example.org/news/1#:~:text=Kim%20Jong%2Dun%20arrived")
        );
        assert_eq!(
            original_passage_url("https://example.org/a#top", "arrived").as_deref(),
            Some("https://example.org/a#top:~:text=arrived")
        );
        assert_eq!(original_passage_url("https://example.org/", " "), None);
        assert_eq!(original_passage_url("mailto:desk@example.org", "x"), None);
        assert_eq!(original_passage_url("../local/", "x"), None);
    }

    /// The first version of the text fragments (split with `str::split_whitespace` and
    /// `str::rsplit`, encoded a byte at a time), which the faster one must match.
    mod reference {
        fn encode(out: &mut String, text: &str) {
            for byte in text.bytes() {
                match byte.is_ascii_alphanumeric() {
                    true => out.push(char::from(byte)),
                    false => out.push_str(&format!("%{byte:02X}")),
                }
            }
        }

        fn encode_words<'w>(out: &mut String, words: impl IntoIterator<Item = &'w str>) {
            for (i, word) in words.into_iter().enumerate() {
                if i > 0 {
                    out.push_str("%20");
                }
                encode(out, word);
            }
        }

        fn last_words(text: &str, n: usize) -> Vec<&str> {
            let mut words: Vec<&str> = text
                .rsplit(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .take(n)
                .collect();
            words.reverse();
            words
        }

        fn push_text_of(out: &mut String, passage: &str) -> bool {
            let words = passage.split_whitespace();
            match words.clone().take(11).count() {
                0 => return false,
                11 => {
                    encode_words(out, words.take(5));
                    out.push(',');
                    encode_words(out, last_words(passage, 5));
                }
                _ => encode_words(out, words),
            }
            true
        }

        pub fn original_passage_url(href: &str, passage: &str) -> Option<String> {
            let web = href.starts_with("https://") || href.starts_with("http://");
            let mut text = String::new();
            let text = push_text_of(&mut text, passage)
                .then_some(text)
                .filter(|_| web)?;
            Some(match href.contains('#') {
                true => format!("{href}:~:text={text}"),
                false => format!("{href}#:~:text={text}"),
            })
        }
    }

    /// Text made of pieces that test word splitting: every kind of whitespace, ASCII
    /// punctuation, letters and digits, and multi-byte characters.
    fn text_of_pieces(picks: &[usize]) -> String {
        const PIECES: &[&str] = &[
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\x0B",
            "\x0C",
            "\u{85}",
            "\u{A0}",
            "\u{2009}",
            "\u{3000}",
            "\u{200B}",
            "Kim",
            "Jong-un",
            "arrived",
            "é",
            "Владивосток",
            "金正恩",
            "👋🏽",
            "e\u{301}",
            ".",
            ",",
            "&",
            "-",
            "%",
            "'",
            "\u{2019}",
            "a",
            "1",
            "x\u{0}y",
        ];
        picks.iter().map(|&i| PIECES[i % PIECES.len()]).collect()
    }

    proptest::proptest! {
        #[test]
        fn fragments_are_the_first_versions(
            text in proptest::collection::vec(0usize..64, 0..60),
        ) {
            let text = text_of_pieces(&text);
            for href in ["https://example.org/a", "http://example.org/a#b", "ftp://x/"] {
                proptest::prop_assert_eq!(
                    original_passage_url(href, &text),
                    reference::original_passage_url(href, &text)
                );
            }
        }
    }

    #[test]
    fn long_passages_use_a_start_and_an_end() {
        let passage = "one two three four five six seven eight nine ten eleven";
        assert_eq!(
            original_passage_url("https://example.org/a", passage).as_deref(),
            Some(
                "https://example.org/a#:~:text=one%20two%20three%20four%20five,seven%20eight%20nine%20ten%20eleven"
            )
        );
    }
}

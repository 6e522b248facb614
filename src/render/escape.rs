//! Escaping for the contexts values land in outside Tera's HTML autoescape: JSON inside a
//! `<script>` element, XML (feed and sitemap), URLs in attributes and URL fragments.

use crate::controls;

/// Serializes `value` as JSON that is safe inside an HTML `<script>` element: `<`, `>`,
/// `&`, U+2028 and U+2029 are written as `\uXXXX` escapes, so no value can close the
/// element, open a comment or end a JavaScript string. The result is still valid JSON.
pub fn json_for_script<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    escape_json_text(&json)
}

/// Escapes already-serialized JSON for a `<script>` element (see [`json_for_script`]).
pub fn escape_json_text(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    let mut start = 0;
    for (i, c) in json.char_indices() {
        let escape = match c {
            '<' => "\\u003c",
            '>' => "\\u003e",
            '&' => "\\u0026",
            '\u{2028}' => "\\u2028",
            '\u{2029}' => "\\u2029",
            _ => continue,
        };
        out.push_str(&json[start..i]);
        out.push_str(escape);
        start = i + c.len_utf8();
    }
    out.push_str(&json[start..]);
    out
}

/// Escapes text for HTML element content and quoted attribute values: `&`, `<`, `>`,
/// `"` and `'`. (Tera's own escaper also escapes `/`, which HTML never needs and which
/// makes every relative link unreadable.) Templates get it as their autoescape function.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // pulldown-cmark's escaper writes the same five entities, many bytes at a time.
    // Writing to a String cannot fail.
    match controls::has_forbidden(text) {
        false => {
            let _ = pulldown_cmark_escape::escape_html(&mut out, text);
        }
        true => {
            let _ =
                pulldown_cmark_escape::escape_html(&mut out, &controls::replace_forbidden(text));
        }
    }
    out
}

/// Escapes text for XML element content and attribute values, and drops the characters
/// XML 1.0 does not allow at all (most C0 controls, U+FFFE, U+FFFF).
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// The address to put in an `href` for a URL written by an author, or `None` when it is
/// not safe to link: only `http`, `https` and `mailto` schemes and scheme-less (relative)
/// addresses pass. Tabs and line breaks are removed first, as browsers do, so that
/// `java\tscript:` is recognised for what it is.
pub fn safe_href(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c == ' ' || c.is_control());
    if cleaned.is_empty() || cleaned.chars().any(char::is_control) {
        return None;
    }
    let scheme_end = cleaned.find([':', '/', '?', '#']);
    if let Some(i) = scheme_end.filter(|&i| cleaned[i..].starts_with(':')) {
        let scheme = cleaned[..i].to_ascii_lowercase();
        if !matches!(scheme.as_str(), "http" | "https" | "mailto") {
            return None;
        }
    }
    Some(cleaned.to_string())
}

/// Percent-encodes `text` for a URL fragment's text directive, appending it to `out`:
/// every byte but ASCII letters and digits is encoded, so `-`, `,` and `&` cannot be
/// taken for syntax.
pub fn encode_fragment_text_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Letters and digits are copied a run at a time; a run is ASCII, so it starts
        // and ends on character boundaries.
        let run = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if run > 0 {
            out.push_str(text.get(i..i + run).unwrap_or_default());
            i += run;
            continue;
        }
        let byte = bytes[i];
        out.push('%');
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 15)]));
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_replacement_characters() {
        assert_eq!(
            html_escape("a\u{1}b\u{7f}c\u{85}d<e>\tf\n"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d&lt;e&gt;\tf\n"
        );
    }

    #[test]
    fn json_cannot_close_a_script_or_open_a_comment() {
        let payload = "</script><!--<script>alert(1)</script>&\u{2028}\u{2029}";
        let out = json_for_script(&serde_json::json!({ "t": payload }));
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!out.contains(bad), "{out}");
        }
        assert!(out.contains("\\u003c/script\\u003e\\u003c!--"), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).expect("still JSON");
        assert_eq!(back["t"], payload);
    }

    #[test]
    fn html_escape_covers_markup_and_both_quotes() {
        assert_eq!(
            html_escape("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(html_escape("../../people/"), "../../people/");
    }

    #[test]
    fn html_escape_matches_a_character_by_character_escaper() {
        let pieces = [
            "a",
            "<",
            ">",
            "&",
            "\"",
            "'",
            "/",
            "é",
            "中",
            "😀",
            " ",
            "x".repeat(40).leak(),
        ];
        let mut rng = crate::testkit::Lcg(11);
        for _ in 0..5_000 {
            let text: String = (0..rng.below(30))
                .map(|_| pieces[rng.below(pieces.len())])
                .collect();
            let expected: String = text
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect();
            assert_eq!(html_escape(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn xml_escape_covers_markup_quotes_and_illegal_characters() {
        assert_eq!(
            xml_escape("<a href=\"x\" title='y'>&\u{0}\u{1b}ok\n</a>"),
            "&lt;a href=&quot;x&quot; title=&apos;y&apos;&gt;&amp;ok\n&lt;/a&gt;"
        );
    }

    #[test]
    fn only_web_and_mail_links_pass() {
        for ok in [
            "https://x.org/a?b#c",
            "http://x",
            "mailto:a@b.c",
            "../x/",
            "/x",
            "#n",
            "b/c:d",
        ] {
            assert!(safe_href(ok).is_some(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "\u{1}javascript:x",
            "",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
        }
        assert_eq!(
            safe_href(" https://x.org/\n").as_deref(),
            Some("https://x.org/")
        );
    }

    #[test]
    fn fragment_text_encodes_everything_but_letters_and_digits() {
        let mut out = String::from("kept:");
        encode_fragment_text_into(&mut out, "a-b, c&d é");
        assert_eq!(out, "kept:a%2Db%2C%20c%26d%20%C3%A9");
    }
}

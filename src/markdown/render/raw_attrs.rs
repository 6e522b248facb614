//! The attributes brief's own markup relies on, taken out of an author's raw HTML before
//! it is sanitized: a `class`, `id` or `data-annot` written by hand could pass for an
//! annotation mark, take an id of the page, or move a margin note (the sanitizer cannot
//! tell them from brief's, so they are renamed here, and it then drops them).

/// The attribute names renamed, lowercase.
const RESERVED: [&str; 6] = [
    "class",
    "id",
    "data-annot",
    "data-href",
    "data-ref",
    "data-number",
];

/// What renamed attributes are called: a name the sanitizer does not allow.
const RENAMED: &str = "x-author-";

/// Where the raw HTML written so far has stopped: inside a tag, inside a quoted value.
/// Kept from one piece of raw HTML to the next, as a tag may run over several lines.
#[derive(Debug, Default)]
pub(super) struct RawTags {
    in_tag: bool,
    quote: Option<u8>,
}

impl RawTags {
    /// Appends `html` to `out`, with the reserved attributes of its tags renamed.
    pub(super) fn write(&mut self, html: &str, out: &mut String) {
        let bytes = html.as_bytes();
        let mut copied = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if let Some(q) = self.quote {
                if b == q {
                    self.quote = None;
                }
            } else if !self.in_tag {
                if b == b'<' && bytes.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic()) {
                    self.in_tag = true;
                    // Past the tag's name: attributes come after a space.
                    while i + 1 < bytes.len() && !is_space_or_end(bytes[i + 1]) {
                        i += 1;
                    }
                }
            } else if b == b'>' {
                self.in_tag = false;
            } else if b == b'"' || b == b'\'' {
                self.quote = Some(b);
            } else if is_space(b) || b == b'/' {
                let start = i + 1;
                let end = start
                    + bytes[start..]
                        .iter()
                        .take_while(|c| {
                            !is_space(**c) && !matches!(c, b'=' | b'>' | b'/' | b'"' | b'\'')
                        })
                        .count();
                let name = &html[start..end];
                if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name)) {
                    out.push_str(&html[copied..start]);
                    out.push_str(RENAMED);
                    copied = start;
                }
                i = end;
                continue;
            }
            i += 1;
        }
        out.push_str(&html[copied..]);
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn is_space_or_end(b: u8) -> bool {
    is_space(b) || b == b'>' || b == b'/'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renamed(pieces: &[&str]) -> String {
        let mut tags = RawTags::default();
        let mut out = String::new();
        for piece in pieces {
            tags.write(piece, &mut out);
        }
        out
    }

    #[test]
    fn reserved_attributes_are_renamed_others_kept() {
        assert_eq!(
            renamed(&[
                r#"<a class="annot annot-mention" href="https://x.example/" data-annot="m1">Kim</a>"#
            ]),
            r#"<a x-author-class="annot annot-mention" href="https://x.example/" x-author-data-annot="m1">Kim</a>"#
        );
        assert_eq!(
            renamed(&[r#"<div ID='brief-cards' title="class=x id=y">class id</div>"#]),
            r#"<div x-author-ID='brief-cards' title="class=x id=y">class id</div>"#
        );
        assert_eq!(renamed(&["<p>a < b, class=x</p>"]), "<p>a < b, class=x</p>");
        assert_eq!(
            renamed(&["<br/><img/class=x src=y>"]),
            "<br/><img/x-author-class=x src=y>"
        );
    }

    #[test]
    fn a_tag_may_run_over_several_pieces() {
        assert_eq!(
            renamed(&[
                "<span\n",
                "  data-annot=\"a1\"\n",
                "  title='it''s'>x</span>\n",
                "<b class=c>"
            ]),
            "<span\n  x-author-data-annot=\"a1\"\n  title='it''s'>x</span>\n<b x-author-class=c>"
        );
    }
}

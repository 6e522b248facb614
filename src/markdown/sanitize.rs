//! Sanitizing rendered HTML that contains raw HTML from the Markdown (ammonia).
//!
//! Only documents with raw HTML go through it. It keeps everything pulldown-cmark, the
//! highlighter and the annotation marks write (`class`, `data-annot`, `data-href`,
//! footnote ids, table alignment) and adds no `rel`, so a marked and an unmarked render
//! still differ only by the mark elements.

use std::sync::LazyLock;

use ammonia::Builder;

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .link_rel(None)
        .add_generic_attributes(["class", "data-annot", "data-href"])
        .add_tag_attributes("div", ["id"])
        // A mark's first element (`ref-a3`); an author's own ids were renamed before.
        .add_tag_attributes("a", ["id"])
        .add_tag_attributes("span", ["id"])
        .add_tag_attributes("img", ["title"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect())
        // A `cite` URL is not checked like `href` and `src`: no reader needs it.
        .rm_tag_attributes("blockquote", &["cite"])
        .rm_tag_attributes("q", &["cite"])
        .rm_tag_attributes("del", &["cite"])
        .rm_tag_attributes("ins", &["cite"]);
    builder
});

/// Removes scripts, event handlers, `javascript:` URLs and other unsafe markup.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// The scheme of `url` if it is one a browser would run or decode (`javascript:`,
/// `vbscript:`, `data:`), after the clean-up browsers do (case, spaces, tabs, newlines).
pub fn unsafe_scheme(url: &str) -> Option<&'static str> {
    const SCHEMES: [&str; 3] = ["javascript:", "vbscript:", "data:"];
    // The start of the cleaned URL, as long as the longest scheme (no allocation: this
    // runs for every link of every page).
    let mut start = [0u8; 11];
    let mut len = 0;
    for c in url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
    {
        if len == start.len() || !c.is_ascii() {
            break;
        }
        start[len] = c.to_ascii_lowercase() as u8;
        len += 1;
    }
    let start = &start[..len];
    SCHEMES
        .into_iter()
        .find(|scheme| start.starts_with(scheme.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_go_marks_stay() {
        let html = "<p><span class=\"m\" data-annot=\"a1\">x</span><script>alert(1)</script>\
                    <a href=\"javascript:alert(1)\" onclick=\"x()\">y</a></p>";
        assert_eq!(
            sanitize(html),
            "<p><span class=\"m\" data-annot=\"a1\">x</span><a>y</a></p>"
        );
    }

    #[test]
    fn cite_urls_go() {
        let html = "<blockquote cite=\"javascript:alert(1)\"><p><q cite=\"JaVaScRiPt:x\">a</q>\
                    <del cite=\"javascript:y\">b</del><ins cite=\"javascript:z\">c</ins></p></blockquote>";
        let clean = sanitize(html);
        assert!(!clean.contains("cite"), "{clean}");
        assert!(clean.contains("<q>a</q>"), "{clean}");
    }

    #[test]
    fn table_alignment_survives() {
        let html = "<table><tbody><tr><td style=\"text-align: right; position: fixed\">1</td></tr></tbody></table>";
        assert!(
            sanitize(html).contains("style=\"text-align:right\"")
                || sanitize(html).contains("text-align: right")
        );
        assert!(!sanitize(html).contains("fixed"));
    }
}

//! Code-block highlighting with syntect, as CSS classes (`hl-*`), so the theme controls
//! the colours; and the stylesheet for those classes, light and dark.

use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, Event, Tag};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::Document;

/// The class prefix of highlighted tokens.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The syntax definitions, loaded once on first use.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The highlighted HTML of each code block of `doc` (`None`: no known language, so the
/// block is written as plain escaped text), computed once per document.
pub(crate) fn highlighted<'d>(doc: &'d Document<'_>) -> &'d [Option<String>] {
    doc.highlighted.get_or_init(|| {
        let mut out = Vec::with_capacity(doc.code_blocks.len());
        let mut ordinal = 0;
        for (event, _) in &doc.events {
            if let Event::Start(Tag::CodeBlock(kind)) = event {
                let code = doc.code_blocks.get(ordinal).map_or("", |c| c.text.as_str());
                ordinal += 1;
                out.push(match kind {
                    CodeBlockKind::Fenced(info) => highlight(language(info), code),
                    CodeBlockKind::Indented => None,
                });
            }
        }
        out
    })
}

/// The language token of a fence's info string, as pulldown-cmark writes it in `class`.
fn language(info: &str) -> &str {
    info.split(' ').next().unwrap_or("")
}

/// Highlights `code` as `language`; `None` when the language is unknown.
pub fn highlight(language: &str, code: &str) -> Option<String> {
    if language.is_empty() {
        return None;
    }
    let syntax = SYNTAXES.find_syntax_by_token(language)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// The colours of the highlight classes: (custom property, light, dark). Each meets
/// WCAG AA (4.5:1) on the default theme's code background in its scheme, and printed.
const PALETTE: &[(&str, &str, &str)] = &[
    ("--hl-comment", "#5c5f66", "#a3a8b0"),
    ("--hl-keyword", "#a0114f", "#f49ac1"),
    ("--hl-string", "#1b6b2a", "#9fd89a"),
    ("--hl-constant", "#0b5c99", "#82c4ff"),
    ("--hl-entity", "#6a3fb5", "#cdb0ff"),
    ("--hl-support", "#8a4a00", "#ebbd73"),
    ("--hl-invalid", "#b3261e", "#ff8a80"),
];

/// Which scopes get which colour. syntect writes every part of a token's scope as a
/// class (`keyword.operator` is `hl-keyword hl-operator`), and the first part decides,
/// so the sheet stays small whatever the language.
const RULES: &str = "\
.hl-comment { color: var(--hl-comment); font-style: italic; }
.hl-keyword, .hl-storage { color: var(--hl-keyword); }
.hl-string { color: var(--hl-string); }
.hl-constant, .hl-markup.hl-inserted { color: var(--hl-constant); }
.hl-entity, .hl-markup.hl-heading { color: var(--hl-entity); font-weight: 600; }
.hl-support, .hl-variable.hl-parameter { color: var(--hl-support); }
.hl-invalid, .hl-markup.hl-deleted { color: var(--hl-invalid); }
.hl-invalid { text-decoration: underline wavy; }
.hl-markup.hl-bold { font-weight: 700; }
.hl-markup.hl-italic { font-style: italic; }
";

/// A stylesheet for the highlight classes: the light colours, the dark ones under
/// `@media (prefers-color-scheme: dark)` (unless the page sets `data-theme="light"`), the
/// dark ones again under `[data-theme=dark]` so a theme toggle can force them, and the
/// light ones for print. The code block's own background and text are the theme's `pre`.
pub fn highlight_css() -> String {
    let vars = |dark: bool| -> String {
        PALETTE
            .iter()
            .map(|(name, light, night)| format!(" {name}: {};", if dark { night } else { light }))
            .collect()
    };
    let (light, dark) = (vars(false), vars(true));
    format!(
        "/* Code highlighting: the classes of syntect's scopes, light and dark. */\n\
         :root {{{light} }}\n\
         @media (prefers-color-scheme: dark) {{\n:root:not([data-theme=light]) {{{dark} }}\n}}\n\
         :root[data-theme=dark] {{{dark} }}\n\
         @media print {{\n:root:not(#print) {{{light} }}\n}}\n{RULES}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes() {
        let html = highlight("rust", "fn main() {}\n").unwrap_or_default();
        assert!(html.contains("class=\"hl-source hl-rust\""), "{html}");
        assert!(html.contains("hl-storage hl-type"), "{html}");
        assert_eq!(highlight("no-such-language", "x"), None);
        assert_eq!(highlight("", "x"), None);
    }

    #[test]
    fn stylesheet_has_light_dark_forced_dark_and_print() {
        let css = highlight_css();
        assert!(css.contains(":root { --hl-comment: #5c5f66;"), "{css}");
        assert!(
            css.contains(
                "@media (prefers-color-scheme: dark) {\n:root:not([data-theme=light]) { --hl-comment: #a3a8b0;"
            ),
            "{css}"
        );
        assert!(css.contains("\n:root[data-theme=dark] { --hl-comment: #a3a8b0;"));
        assert!(css.contains("@media print {\n:root:not(#print) { --hl-comment: #5c5f66;"));
        assert!(css.contains(".hl-keyword, .hl-storage { color: var(--hl-keyword); }"));
        assert_eq!(css.matches('{').count(), css.matches('}').count());
        assert!(css.len() < 2048, "{} bytes", css.len());
    }

    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn every_colour_meets_wcag_aa_on_the_code_background() {
        // The default theme's `--panel` (the background of `pre`): light, dark, printed.
        for (name, light, dark) in PALETTE {
            for (colour, background) in [(light, "#f3f1ec"), (dark, "#1e2126"), (light, "#ffffff")]
            {
                let ratio = contrast(colour, background);
                assert!(ratio >= 4.5, "{name} {colour} on {background}: {ratio:.2}");
            }
        }
    }
}

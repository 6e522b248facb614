//! Code-block highlighting with syntect, as CSS classes (`hl-*`), so the theme controls
//! the colours; and the stylesheet for those classes, light and dark.

use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, Event, Tag};
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::Document;

/// The class prefix of highlighted tokens.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The syntax definitions, loaded once on first use.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The syntect theme the light stylesheet is generated from.
const LIGHT_THEME: &str = "InspiredGitHub";
/// The syntect theme the dark stylesheet is generated from.
const DARK_THEME: &str = "base16-ocean.dark";

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

/// A stylesheet for the highlight classes: a light theme, a dark one under
/// `@media (prefers-color-scheme: dark)` (unless the page sets `data-theme="light"`), and
/// the dark one again under `[data-theme=dark]` so a theme toggle can force it.
pub fn highlight_css() -> String {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str| {
        themes
            .themes
            .get(name)
            .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
            .map(|css| rules(&css))
            .unwrap_or_default()
    };
    let (light, dark) = (css(LIGHT_THEME), css(DARK_THEME));
    let mut out = String::from("/* Code highlighting, generated from syntect themes. */\n");
    out.push_str(&scoped(&light, ""));
    out.push_str("@media (prefers-color-scheme: dark) {\n");
    out.push_str(&scoped(&dark, ":root:not([data-theme=light]) "));
    out.push_str("}\n");
    out.push_str(&scoped(&dark, "[data-theme=dark] "));
    out
}

/// The rules of a stylesheet as (selectors, declarations), comments removed.
fn rules(css: &str) -> Vec<(Vec<String>, String)> {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    text.split('}')
        .filter_map(|rule| {
            let (selectors, body) = rule.split_once('{')?;
            let selectors: Vec<String> = selectors
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            let body = body
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            (!selectors.is_empty()).then_some((selectors, body))
        })
        .collect()
}

/// Writes rules with every selector prefixed by `scope`. The theme's `.hl-code` rule
/// (foreground and background of the whole block) applies to `<pre>` elements that hold
/// highlighted code.
fn scoped(rules: &[(Vec<String>, String)], scope: &str) -> String {
    let mut out = String::new();
    for (selectors, body) in rules {
        let selectors: Vec<String> = selectors
            .iter()
            .map(|s| {
                let s = if s == ".hl-code" {
                    "pre:has(> code > .hl-source)"
                } else {
                    s
                };
                format!("{scope}{s}")
            })
            .collect();
        out.push_str(&format!("{} {{ {body} }}\n", selectors.join(", ")));
    }
    out
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
    fn stylesheet_has_light_dark_and_forced_dark() {
        let css = highlight_css();
        assert!(css.contains("pre:has(> code > .hl-source) {"), "{css}");
        assert!(
            css.contains("@media (prefers-color-scheme: dark) {\n:root:not([data-theme=light]) ")
        );
        assert!(css.contains("\n[data-theme=dark] .hl-"));
        assert!(!css.contains("/*\n"));
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }
}

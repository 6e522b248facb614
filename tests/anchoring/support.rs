//! Shared helpers for the anchoring tests: a Markdown generator and the render checks.

#![allow(dead_code)]

use brief::markdown::{Document, Mark, render};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use scraper::{Html, Node};

/// Words of many scripts and the punctuation smart punctuation and escaping care about.
const WORDS: &[&str] = &[
    "Kim",
    "Jong",
    "Un",
    "arrived",
    "by",
    "train",
    "in",
    "Russia",
    "the",
    "leader",
    "Vladivostok",
    "Владивосток",
    "Хасан",
    "прибыл",
    "中文",
    "東京",
    "😀",
    "👍🏽",
    "e\u{301}t\u{e9}",
    "café",
    "naïve",
    "&",
    "1 < 2",
    "a&amp;b",
    "\"quoted\"",
    "it's",
    "...",
    "--",
    "---",
    "a_b",
    "x*y",
    "1.",
    "'s",
    "\u{a0}nbsp",
    "&copy;",
    "\\*",
    "Kim.",
    "Mr.",
    "?!",
];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS).prop_map(str::to_string)
}

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..max).prop_map(|w| w.join(" "))
}

/// Inline Markdown: words with emphasis, links, code, strikethrough, images and raw HTML.
pub fn inline() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        6 => word(),
        1 => words(3).prop_map(|w| format!("`{w}`")),
        1 => words(3).prop_map(|w| format!("![{w}](i.png)")),
        1 => Just("<https://e.org/x>".to_string()),
        1 => Just("[^1]".to_string()),
        1 => Just("<br>".to_string()),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        let seq = prop::collection::vec(inner, 1..4).prop_map(|v| v.join(" "));
        prop_oneof![
            seq.clone().prop_map(|s| format!("*{s}*")),
            seq.clone().prop_map(|s| format!("**{s}**")),
            seq.clone().prop_map(|s| format!("~~{s}~~")),
            seq.clone()
                .prop_map(|s| format!("[{s}](https://e.org/p \"t\")")),
            seq.clone().prop_map(|s| format!("<b>{s}</b>")),
            seq.clone()
                .prop_map(|s| format!("<a href=\"https://e.org\">{s}</a>")),
            seq,
        ]
    })
}

/// A line of inline content, with soft and hard breaks.
pub fn line() -> impl Strategy<Value = String> {
    let sep = prop_oneof![6 => Just(" "), 1 => Just("\n"), 1 => Just("  \n"), 1 => Just("\\\n")];
    prop::collection::vec((inline(), sep), 1..6).prop_map(|parts| {
        let mut out = String::new();
        for (i, (text, sep)) in parts.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(text);
        }
        out
    })
}

/// One block of Markdown.
pub fn block() -> impl Strategy<Value = String> {
    let cell = || words(3);
    prop_oneof![
        6 => line(),
        1 => (1..4usize, words(4)).prop_map(|(level, w)| format!("{} {w}", "#".repeat(level))),
        1 => (line(), line()).prop_map(|(a, b)| format!("- {a}\n- {b}")),
        1 => (line(), line()).prop_map(|(a, b)| format!("1. {a}\n\n2. {b}")),
        1 => (line(), line()).prop_map(|(a, b)| format!("- {a}\n  - {b}")),
        1 => (line(), line()).prop_map(|(a, b)| format!("> {a}\n>\n> {b}")),
        1 => (cell(), cell(), cell(), cell())
            .prop_map(|(a, b, c, d)| format!("| {a} | {b} |\n|:---|---:|\n| {c} | {d} |")),
        1 => words(4).prop_map(|w| format!("```rust\nlet x = \"{w}\";\n```")),
        1 => words(4).prop_map(|w| format!("    {w}")),
        1 => words(4).prop_map(|w| format!("<div class=\"x\">\n{w}\n</div>")),
        1 => line().prop_map(|l| format!("[^1]: {l}")),
        1 => Just("---".to_string()),
    ]
}

/// A Markdown document of a few blocks.
pub fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(block(), 1..6).prop_map(|b| b.join("\n\n"))
}

/// Renders `doc` with and without `marks` and checks the invariants.
pub fn check_render(doc: &Document<'_>, marks: &[Mark]) -> Result<(), TestCaseError> {
    let plain = render(doc, &[]);
    let marked = render(doc, marks);
    let context = format!(
        "\nmarkdown: {:?}\nmarks: {marks:?}\nplain: {plain}\nmarked: {marked}",
        doc.source()
    );
    // (a) well-formed: the tags balance, and the HTML parser finds nothing new to fix.
    if balanced(&plain).is_ok() {
        balanced(&marked).map_err(|e| TestCaseError::fail(format!("{e}{context}")))?;
    }
    let plain_dom = Html::parse_fragment(&plain);
    let marked_dom = Html::parse_fragment(&marked);
    prop_assert_eq!(
        plain_dom.errors.len(),
        marked_dom.errors.len(),
        "parse errors{}",
        context
    );
    // (b) never a link inside a link.
    prop_assert!(!nested_links(&marked), "link in a link{}", context);
    // (c) unwrapping every data-annot element gives the unannotated HTML.
    prop_assert_eq!(
        serialize(&plain_dom, false),
        serialize(&marked_dom, true),
        "DOM differs{}",
        context
    );
    if !doc.has_raw_html() {
        prop_assert_eq!(&unwrap_marks(&marked), &plain, "string differs{}", context);
    }
    Ok(())
}

const VOID: &[&str] = &["br", "hr", "img", "input", "wbr", "col", "area"];

/// The tags of `html` in order: (name, is_close, raw tag text).
fn tags(html: &str) -> Vec<(String, bool, &str)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = &rest[i..end];
        let body = tag.trim_start_matches('<');
        let is_close = body.starts_with('/');
        let name: String = body
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !name.is_empty() {
            out.push((name, is_close, tag));
        }
        rest = &rest[end..];
    }
    out
}

/// Checks that every element is closed in the order it was opened.
pub fn balanced(html: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    for (name, is_close, tag) in tags(html) {
        if VOID.contains(&name.as_str()) || tag.ends_with("/>") {
            continue;
        }
        if is_close {
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("`{tag}` closes {other:?}")),
            }
        } else {
            stack.push(name);
        }
    }
    match stack.is_empty() {
        true => Ok(()),
        false => Err(format!("unclosed: {stack:?}")),
    }
}

/// Whether a mark's `<a>` opens inside a link, or a link opens inside a mark's `<a>`
/// (string level; links the author nested in raw HTML are theirs).
pub fn nested_links(html: &str) -> bool {
    let mut open: Vec<bool> = Vec::new();
    for (name, is_close, tag) in tags(html) {
        if name != "a" {
            continue;
        }
        if is_close {
            open.pop();
            continue;
        }
        let ours = tag.contains(" data-annot=\"");
        if open.last().is_some_and(|&outer| outer || ours) {
            return true;
        }
        open.push(ours);
    }
    false
}

/// Serialises a parsed fragment; with `unwrap`, elements with `data-annot` are replaced by
/// their children.
pub fn serialize(html: &Html, unwrap: bool) -> String {
    let mut out = String::new();
    write_node(html.tree.root(), unwrap, &mut out);
    out
}

fn write_node(node: ego_tree::NodeRef<'_, Node>, unwrap: bool, out: &mut String) {
    match node.value() {
        Node::Text(text) => out.push_str(&escape(text)),
        Node::Comment(c) => out.push_str(&format!("<!--{}-->", &**c)),
        Node::Element(e) if !(unwrap && e.attr("data-annot").is_some()) => {
            out.push('<');
            out.push_str(e.name());
            for (k, v) in e.attrs() {
                out.push_str(&format!(" {k}=\"{}\"", escape(v)));
            }
            out.push('>');
            for child in node.children() {
                write_node(child, unwrap, out);
            }
            out.push_str(&format!("</{}>", e.name()));
        }
        _ => {
            for child in node.children() {
                write_node(child, unwrap, out);
            }
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Removes every element carrying `data-annot` (string level).
pub fn unwrap_marks(html: &str) -> String {
    let mut out = String::new();
    let mut stack: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = &rest[i..end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        match name.as_str() {
            "span" | "a" => {
                let ours = tag.contains(" data-annot=\"");
                stack.push(ours);
                if !ours {
                    out.push_str(tag);
                }
            }
            "/span" | "/a" => {
                if !stack.pop().unwrap_or(false) {
                    out.push_str(tag);
                }
            }
            _ => out.push_str(tag),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

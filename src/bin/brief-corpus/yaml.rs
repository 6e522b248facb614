//! Writing YAML values: plain where that is safe and reads naturally, double-quoted
//! otherwise.

/// A YAML scalar for `text`: plain when it cannot be read as anything but this string,
/// double-quoted with escapes otherwise.
pub fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// A double-quoted YAML scalar.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A flow list of scalars: `[a, b, "c: d"]`.
pub fn list(items: &[String]) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|item| {
            if is_plain_safe(item) && !item.contains(',') {
                item.clone()
            } else {
                quoted(item)
            }
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let keyword = matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
    );
    first.is_ascii_alphabetic()
        && !keyword
        && !text.ends_with(' ')
        && !text.ends_with(':')
        && !text.contains(": ")
        && !text.contains(" #")
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " ,.'()-*/?!".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_when_safe() {
        assert_eq!(scalar("Kim Jong Un"), "Kim Jong Un");
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("2019"), "\"2019\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(scalar("leader "), "\"leader \"");
    }
}

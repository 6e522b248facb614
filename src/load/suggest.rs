//! "Did you mean ...?": the closest of some known names to a misspelt one.

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub(crate) fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word_lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1) + 1;
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// `a`, `b` and `c`: a list of names for a message.
pub(crate) fn list(names: &[&str]) -> String {
    joined(names, "and")
}

/// `a`, `b` or `c`: a choice of names for a question.
pub(crate) fn either(names: &[&str]) -> String {
    joined(names, "or")
}

fn joined(names: &[&str], last_word: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {last_word} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let people = ["kim-jong-un", "kim-jong-il", "vladimir-putin"];
        assert_eq!(closest("kim-jong-um", people), Some("kim-jong-un"));
        assert_eq!(closest("titel", ["title", "date", "tags"]), Some("title"));
        assert_eq!(closest("Title", ["title", "date"]), Some("title"));
        assert_eq!(closest("organization", ["person", "place"]), None);
        assert_eq!(closest("x", people), None);
    }

    #[test]
    fn lists_names() {
        assert_eq!(list(&["a"]), "`a`");
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` and `c`");
        assert_eq!(list(&[]), "");
        assert_eq!(either(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(either(&["a"]), "`a`");
    }
}

//! Where a long quote that nearly matches differs from the passage it was meant to copy:
//! the few words in between a shared start and a shared end.

use super::fuzzy::{plain_quote, word_key};

/// The words of a quote that differ from the closest passage, and what the passage has
/// there instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The quote's words that differ (empty when the quote leaves words out).
    pub quote: String,
    /// The passage's words at that place (empty when the quote adds words).
    pub article: String,
    /// The last word both share before the difference, if any.
    pub before: Option<String>,
    /// The first word both share after the difference, if any.
    pub after: Option<String>,
    /// The quote's words to point at, as a range of its words: those that differ, or
    /// the shared word beside the words it leaves out.
    pub words: std::ops::Range<usize>,
    /// Whether the passage has the same words as the quote there, in another order.
    pub reordered: bool,
}

/// At most this many words on either side make a difference worth pointing at; beyond
/// it the passage shown whole says more.
const MAX_WORDS: usize = 3;

/// The one place where `quote` and `passage` differ, word by word, when they share a
/// start or an end and differ by at most a few words.
pub fn difference(quote: &str, passage: &str) -> Option<Difference> {
    let q: Vec<&str> = quote.split_whitespace().collect();
    let p: Vec<&str> = passage.split_whitespace().collect();
    let head = q.iter().zip(&p).take_while(|(a, b)| same(a, b)).count();
    let tail = q[head..]
        .iter()
        .rev()
        .zip(p[head..].iter().rev())
        .take_while(|(a, b)| same(a, b))
        .count();
    let (q_mid, p_mid) = (&q[head..q.len() - tail], &p[head..p.len() - tail]);
    let small = q_mid.len() <= MAX_WORDS && p_mid.len() <= MAX_WORDS;
    let reordered = !q_mid.is_empty() && same_words(q_mid, p_mid);
    if !(small || reordered) || (q_mid.is_empty() && p_mid.is_empty()) {
        return None;
    }
    if head + tail == 0 && !reordered {
        return None;
    }
    Some(Difference {
        quote: q_mid.join(" "),
        article: p_mid.join(" "),
        before: head
            .checked_sub(1)
            .and_then(|i| q.get(i))
            .map(|w| w.to_string()),
        after: (tail > 0).then(|| q[q.len() - tail].to_string()),
        words: match q_mid.len() {
            0 if head > 0 => head - 1..head,
            0 => head..head + 1,
            n => head..head + n,
        },
        reordered,
    })
}

impl Difference {
    /// What differs, in a sentence: "the article has `country` where the quote has
    /// `contry`".
    pub fn describe(&self) -> String {
        let place = match (&self.before, &self.after) {
            (Some(b), _) => format!("after `{b}`"),
            (None, Some(a)) => format!("before `{a}`"),
            (None, None) => String::new(),
        };
        match (self.quote.is_empty(), self.article.is_empty()) {
            _ if self.reordered => format!(
                "the article has the words in another order: `{}`, not `{}`",
                self.article, self.quote
            ),
            (false, false) => format!(
                "the article has `{}` where the quote has `{}`",
                self.article, self.quote
            ),
            (true, _) => format!("the quote leaves out `{}`, {place}", self.article),
            (false, true) => format!("the article has no `{}` {place}", self.quote),
        }
    }
}

/// Whether two runs of words hold the same words, each as often, in any order.
fn same_words(a: &[&str], b: &[&str]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut left: Vec<&str> = b.to_vec();
    a.iter()
        .all(|w| match left.iter().position(|o| same(w, o)) {
            Some(i) => {
                left.swap_remove(i);
                true
            }
            None => false,
        })
}

/// Whether two words read the same: straight and typographic quote marks are one, and
/// punctuation at their edges does not count (`“to` is `to`, `blood.”` is `blood`).
fn same(a: &str, b: &str) -> bool {
    // A word of punctuation alone is compared whole.
    let key = |w: &str| -> String {
        let key = word_key(w);
        match key.is_empty() {
            true => w.chars().map(plain_quote).collect(),
            false => key,
        }
    };
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(quote: &str, passage: &str) -> Option<String> {
        difference(quote, passage).map(|d| d.describe())
    }

    #[test]
    fn names_the_words_that_differ() {
        assert_eq!(
            described(
                "I have heard a lot about your contry and have long dreamt",
                "I have heard a lot about your country and have long dreamt"
            )
            .as_deref(),
            Some("the article has `country` where the quote has `contry`")
        );
        assert_eq!(
            described("where we both stand.", "where we each stand.").as_deref(),
            Some("the article has `each` where the quote has `both`")
        );
    }

    #[test]
    fn names_words_left_out_or_added() {
        assert_eq!(
            described("a lot about your country", "a lot about your own country").as_deref(),
            Some("the quote leaves out `own`, after `your`")
        );
        assert_eq!(
            described("heard a great lot about", "heard a lot about").as_deref(),
            Some("the article has no `great` after `a`")
        );
        assert_eq!(
            described("much about your country", "very much about your country").as_deref(),
            Some("the quote leaves out `very`, before `much`")
        );
    }

    #[test]
    fn typographic_quotes_are_the_same_word() {
        let d = difference("It\u{2019}s been seven yaers", "It's been seven years");
        assert_eq!(d.as_ref().map(|d| d.quote.as_str()), Some("yaers"));
        assert_eq!(d.map(|d| d.words), Some(3..4));
    }

    #[test]
    fn names_words_in_another_order() {
        assert_eq!(
            described(
                "arrived in Russia on Wednesday by train",
                "arrived in Russia by train on Wednesday"
            )
            .as_deref(),
            Some(
                "the article has the words in another order: `by train on Wednesday`, \
                 not `on Wednesday by train`"
            )
        );
        let d = difference(
            "summit with Vladimir President Putin",
            "summit with President Vladimir Putin",
        );
        assert_eq!(d.as_ref().map(|d| d.words.clone()), Some(2..4));
        assert!(d.is_some_and(|d| d.reordered));
        // Other words, however few, are not another order.
        assert!(!difference("a b c", "a c d").is_some_and(|d| d.reordered));
    }

    #[test]
    fn nothing_when_they_differ_too_much_or_not_at_all() {
        assert_eq!(difference("one two three", "one two three"), None);
        assert_eq!(difference("alpha beta", "gamma delta"), None);
        assert_eq!(
            difference("a b c d e f g h", "a x y z w v g h").map(|d| d.quote),
            None
        );
    }
}

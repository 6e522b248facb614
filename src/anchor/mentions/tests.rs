use super::*;
use crate::markdown::MarkdownOptions;

fn doc(md: &str) -> Document<'_> {
    Document::parse(md, &MarkdownOptions::default())
}

fn index() -> MentionIndex {
    MentionIndex::new([
        ("Kim Jong Un".to_string(), 0),
        ("Kim".to_string(), 0),
        ("Vladimir Putin".to_string(), 1),
        ("Putin".to_string(), 1),
        ("Vladivostok".to_string(), 2),
        ("Владивосток".to_string(), 2),
        ("Russia".to_string(), 3),
        ("  ".to_string(), 4),
    ])
}

fn found(md: &str, policy: AutoMentions, taken: &[TakenRange]) -> Vec<(String, usize)> {
    let d = doc(md);
    auto_mentions(&d, &index(), policy, taken)
        .into_iter()
        .map(|(r, n)| (d.reader_text()[r.start..r.end].to_string(), n))
        .collect()
}

fn pairs(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    list.iter().map(|(s, n)| (s.to_string(), *n)).collect()
}

#[test]
fn longest_name_wins_and_whole_words_only() {
    let md = "Kim Jong Un met Putin. Kimchi and Kim. Putinism. Vladivostok's port.";
    assert_eq!(
        found(md, AutoMentions::All, &[]),
        pairs(&[
            ("Kim Jong Un", 0),
            ("Putin", 1),
            ("Kim", 0),
            ("Vladivostok", 2)
        ])
    );
}

#[test]
fn first_keeps_the_first_mention_of_each_note() {
    let md = "Kim met Putin. Kim Jong Un and Vladimir Putin left Russia.";
    assert_eq!(
        found(md, AutoMentions::First, &[]),
        pairs(&[("Kim", 0), ("Putin", 1), ("Russia", 3)])
    );
    assert!(found(md, AutoMentions::Off, &[]).is_empty());
}

#[test]
fn never_in_code_links_or_headings() {
    let md = "# Kim arrives\n\n`Putin` and [Russia](x) and *Vladivostok*.";
    assert_eq!(
        found(md, AutoMentions::All, &[]),
        pairs(&[("Vladivostok", 2)])
    );
}

#[test]
fn explicit_mentions_take_precedence() {
    let md = "Kim met Putin. Kim left Russia.";
    let d = doc(md);
    let second_kim = md.rfind("Kim").unwrap_or(0);
    let taken = [TakenRange {
        range: TextRange {
            start: second_kim,
            end: second_kim + 3,
        },
        note: Some(0),
    }];
    // With `first`, a note mentioned explicitly gets no automatic mention at all.
    let first: Vec<usize> = auto_mentions(&d, &index(), AutoMentions::First, &taken)
        .iter()
        .map(|m| m.1)
        .collect();
    assert_eq!(first, vec![1, 3]);
    // With `all`, everything that does not overlap an explicit mention.
    let all: Vec<_> = auto_mentions(&d, &index(), AutoMentions::All, &taken)
        .iter()
        .map(|m| m.0.start)
        .collect();
    assert_eq!(all, vec![0, 8, md.find("Russia").unwrap_or(0)]);
    // A note annotation (not a mention) does not block mentions inside it.
    let note = [TakenRange {
        range: TextRange {
            start: 0,
            end: md.len(),
        },
        note: None,
    }];
    assert_eq!(
        auto_mentions(&d, &index(), AutoMentions::All, &note).len(),
        4
    );
}

#[test]
fn names_are_normalised_and_non_ascii() {
    let index = MentionIndex::new([("O’Brien".to_string(), 7), ("Владивосток".to_string(), 2)]);
    let d = doc("O'Brien flew to Владивосток, not Владивостоку.");
    let got: Vec<_> = auto_mentions(&d, &index, AutoMentions::All, &[])
        .into_iter()
        .map(|(r, n)| (&d.reader_text()[r.start..r.end], n))
        .collect();
    assert_eq!(got, vec![("O’Brien", 7), ("Владивосток", 2)]);
}

#[test]
fn shared_names_go_to_the_lower_note() {
    let index = MentionIndex::new([("Kim".to_string(), 5), ("Kim".to_string(), 2)]);
    let d = doc("Kim");
    assert_eq!(
        auto_mentions(&d, &index, AutoMentions::All, &[]),
        vec![(TextRange { start: 0, end: 3 }, 2)]
    );
}

#[test]
fn a_note_s_own_name_wins_over_another_s_alias() {
    let index = MentionIndex::ranked([
        ("Narva".to_string(), 1, 1),
        ("Narva".to_string(), 4, 0),
        ("Hale".to_string(), 1, 0),
    ]);
    let d = doc("Narva and Hale");
    assert_eq!(
        auto_mentions(&d, &index, AutoMentions::All, &[]),
        vec![
            (TextRange { start: 0, end: 5 }, 4),
            (TextRange { start: 10, end: 14 }, 1)
        ]
    );
}

#[test]
fn mentions_stay_within_a_block() {
    let index = MentionIndex::new([("Kim Jong".to_string(), 0)]);
    let d = doc("Kim\n\nJong");
    assert!(auto_mentions(&d, &index, AutoMentions::All, &[]).is_empty());
    assert!(MentionIndex::new([]).is_empty());
}

#[test]
fn a_shorter_name_fits_where_the_longest_does_not() {
    let index = MentionIndex::new([
        ("Kim Jong".to_string(), 0),
        ("Kim".to_string(), 1),
        ("Jong Un".to_string(), 2),
    ]);
    // "Kim Jong" is not a whole word here ("Jongx"), so "Kim" is taken.
    let d = doc("Kim Jongx met Kim Jong Un.");
    let got: Vec<_> = auto_mentions(&d, &index, AutoMentions::All, &[])
        .into_iter()
        .map(|(r, n)| (&d.reader_text()[r.start..r.end], n))
        .collect();
    assert_eq!(got, vec![("Kim", 1), ("Kim Jong", 0)]);
    // Where the leftmost name cannot go (in a link), a later overlapping one can.
    let d = doc("[Kim](x) Jong Un");
    let got: Vec<_> = auto_mentions(&d, &index, AutoMentions::All, &[])
        .into_iter()
        .map(|(r, n)| (&d.reader_text()[r.start..r.end], n))
        .collect();
    assert_eq!(got, vec![("Jong Un", 2)]);
}

#[test]
fn all_links_at_most_a_hundred_mentions_of_a_note_per_briefing() {
    let md = format!("{} Putin.", "Kim ".repeat(1_000));
    let found = found(&md, AutoMentions::All, &[]);
    let kim = found.iter().filter(|(_, n)| *n == 0).count();
    assert_eq!(kim, MAX_AUTO_MENTIONS);
    assert_eq!(found.last(), Some(&("Putin".to_string(), 1)));
}

/// The scan as first written, with one leftmost-longest Aho-Corasick automaton over the
/// names and a lookup of shorter names: the reference for the trie's scan.
fn reference_scan(finder: &Finder<'_, '_>, names: &[(String, usize)]) -> Vec<(TextRange, usize)> {
    use aho_corasick::{AhoCorasick, Input, MatchKind};
    let mut owner: HashMap<String, usize> = HashMap::new();
    for (name, note) in names {
        let name = normalize(name, Edges::Trim);
        if !name.is_empty() {
            let n = owner.entry(name).or_insert(*note);
            *n = (*n).min(*note);
        }
    }
    let mut patterns: Vec<(&String, usize)> = owner.iter().map(|(k, v)| (k, *v)).collect();
    patterns.sort();
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns.iter().map(|(name, _)| name.as_str()))
    else {
        return Vec::new();
    };
    let text = finder.norm.text.as_str();
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let Some(m) = automaton.find(Input::new(text).span(at..text.len())) else {
            break;
        };
        let candidate = &text[m.start()..m.end()];
        let shorter = candidate
            .char_indices()
            .rev()
            .filter(|&(i, c)| i > 0 && !is_word_char(c))
            .filter_map(|(i, _)| Some((m.start()..m.start() + i, *owner.get(&candidate[..i])?)));
        let longest = (m.start()..m.end(), patterns[m.pattern().as_usize()].1);
        let fitting = std::iter::once(longest)
            .chain(shorter)
            .find_map(|(range, note)| Some((range.end, finder.fits(&range)?, note)));
        match fitting {
            Some((end, reader, note)) => {
                found.push((reader, note));
                at = end;
            }
            None => at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

#[test]
fn the_trie_scan_finds_what_an_aho_corasick_scan_finds() {
    let words = [
        "Kim",
        "Jong",
        "Un",
        "Kimchi",
        "the",
        "Putin",
        "Владивосток",
        "Влад",
        "é",
        "e\u{301}",
        "O’Brien",
        "O'Brien",
        "(Kim)",
        "Kim's",
        "_Kim",
        "x",
        "1",
        "—",
        "…",
        "中文",
        "中",
    ];
    let separators = [
        " ", " ", ", ", "\n", "\n\n", "", "-", " *", "* ", "[", "](u) ", "`",
    ];
    let mut rng = crate::testkit::Lcg(11);
    let mut next = |n: usize| rng.below(n);
    for _ in 0..400 {
        let names: Vec<(String, usize)> = (0..1 + next(8))
            .map(|i| {
                let parts: Vec<&str> = (0..1 + next(3)).map(|_| words[next(words.len())]).collect();
                (parts.join([" ", "", "-"][next(3)]), i % 4)
            })
            .collect();
        let mut md = String::new();
        for _ in 0..next(30) {
            md.push_str(words[next(words.len())]);
            md.push_str(separators[next(separators.len())]);
        }
        let d = doc(&md);
        let index = MentionIndex::new(names.clone());
        let finder = Finder {
            doc: &d,
            norm: d.normalized(),
            explicit: Vec::new(),
        };
        assert_eq!(
            finder.scan(&index),
            reference_scan(&finder, &names),
            "{md:?} {names:?}"
        );
    }
}

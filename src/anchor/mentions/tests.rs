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

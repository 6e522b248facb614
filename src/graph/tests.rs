use super::testkit::*;
use super::*;
use crate::anchor::site::{Anchored, AnchoredBriefing};
use crate::model::{ArticleSource, LinkSpec, Loaded};

/// Notes: 0 Kim, 1 Putin, 2 Vladivostok, 3 Trump.
/// Briefings (by slug): 0 a-hanoi (Feb 28), 1 b-arrival (Apr 24), 2 c-april (Apr 1).
fn site() -> (Loaded, Anchored) {
    let notes = vec![
        note("people", "kim", "Kim Jong Un"),
        note("people", "putin", "Vladimir Putin"),
        note("places", "vladivostok", "Vladivostok"),
        note("people", "trump", "Donald Trump"),
    ];
    let mut hanoi = briefing("a-hanoi", "Hanoi", day(2019, 2, 28));
    hanoi.tags = vec!["russia".into()];
    let mut arrival = briefing("b-arrival", "Arrival", day(2019, 4, 24));
    arrival.tags = vec!["Russia".into(), "trains".into()];
    arrival.source = Some(ArticleSource {
        name: Some("Wire".into()),
        url: Some("https://wire.example/a".into()),
        ..ArticleSource::default()
    });
    let mut said = annotation(0, "successful and useful");
    said.said_by = Some("kim".into());
    let mut summit = annotation(1, "the summit");
    summit.event = Some(event(day(2019, 4, 25), "Summit"));
    summit.link = Some(LinkSpec {
        url: "https://report.example/".into(),
        title: Some("Report".into()),
    });
    let mut same_day = annotation(2, "arrived");
    same_day.event = Some(event(day(2019, 4, 24), "Arrival by train"));
    arrival.annotations.entries = vec![said, summit, same_day].into();
    let april = briefing("c-april", "April", day(2019, 4, 1));
    let loaded = Loaded {
        briefings: vec![hanoi.into(), arrival.into(), april.into()],
        notes,
        ..Loaded::default()
    };
    let anchored = Anchored {
        briefings: vec![
            anchored(
                vec![
                    mention("m1", 0, 1, "Kim"),
                    mention("m2", 3, 2, "Trump"),
                    mention("m3", 0, 3, "Kim"),
                ],
                vec![],
            ),
            anchored(
                vec![
                    mention("m1", 0, 1, "Kim"),
                    mention("m2", 1, 2, "Putin"),
                    mention("m3", 2, 3, "Vladivostok"),
                ],
                vec![
                    placed("a3", 2, 4, "arrived"),
                    placed("a2", 1, 3, "the summit"),
                    placed("a1", 0, 1, "successful"),
                ],
            ),
            anchored(
                vec![
                    mention("m1", 1, 1, "Putin"),
                    mention("m2", 0, 2, "Kim"),
                    mention("m9", 99, 2, "x"),
                ],
                vec![],
            ),
        ],
        notes: vec![
            rendered_note(),
            rendered_note(),
            rendered_note(),
            rendered_note(),
        ],
    };
    (loaded, anchored)
}

fn graph() -> (Loaded, Graph) {
    let (loaded, anchored) = site();
    let graph = build(&config(), &loaded, &anchored);
    (loaded, graph)
}

#[test]
fn briefings_are_listed_newest_first() {
    let (_, graph) = graph();
    assert_eq!(graph.newest_first, [1, 2, 0]);
}

#[test]
fn backlinks_are_newest_first_with_every_mention() {
    let (_, graph) = graph();
    let kim = &graph.notes[0];
    let order: Vec<usize> = kim.mentioned_in.iter().map(|b| b.briefing).collect();
    assert_eq!(order, [1, 2, 0]);
    let (_, anchored) = site();
    let in_hanoi: Vec<&str> = kim.mentioned_in[2]
        .mentions(&anchored)
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(in_hanoi, ["m1", "m3"]);
    let first = kim.mentioned_in[0]
        .mentions(&anchored)
        .next()
        .expect("a mention");
    assert_eq!(first.placement.snippet.text(), "Kim");
}

#[test]
fn co_mentions_count_shared_briefings_then_sort_by_name() {
    let (loaded, graph) = graph();
    let names: Vec<(&str, usize)> = graph.notes[0]
        .appears_with
        .iter()
        .map(|c| (loaded.notes[c.note].name.as_str(), c.count))
        .collect();
    assert_eq!(
        names,
        [
            ("Vladimir Putin", 2),
            ("Donald Trump", 1),
            ("Vladivostok", 1)
        ]
    );
    assert!(graph.notes[3].appears_with.iter().all(|c| c.note == 0));
}

#[test]
fn out_of_range_mentions_are_skipped() {
    let (_, graph) = graph();
    assert_eq!(graph.notes.len(), 4);
    let total: usize = graph.notes.iter().map(|n| n.mentioned_in.len()).sum();
    assert_eq!(total, 7);
}

#[test]
fn quotes_go_to_the_person_said_by() {
    let (loaded, anchored) = site();
    let graph = build(&config(), &loaded, &anchored);
    let quotes = &graph.notes[0].quotes;
    assert_eq!(quotes.len(), 1);
    let placed = quotes[0].placed(&anchored).expect("placed");
    assert_eq!((quotes[0].briefing, placed.id.as_str()), (1, "a1"));
    assert_eq!(quotes[0].text(&loaded, &anchored), "successful");
    assert!(graph.notes[1].quotes.is_empty());
}

#[test]
fn events_sort_by_date_then_title_then_briefing() {
    let (_, graph) = graph();
    let titles: Vec<&str> = graph.events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Hanoi", "April", "Arrival", "Arrival by train", "Summit"]
    );
    assert_eq!(graph.briefings[1].events, [2, 3, 4]);
    assert!(matches!(
        &graph.events[4].origin,
        EventOrigin::Annotation { index: 1, annot } if annot == "a2"
    ));
}

#[test]
fn timeline_ties_break_on_briefing_then_origin() {
    let mut a = TimelineEvent {
        date: day(2020, 1, 1),
        end: None,
        title: "Same".into(),
        briefing: 1,
        origin: EventOrigin::Annotation {
            index: 0,
            annot: "a1".into(),
        },
    };
    let mut b = a.clone();
    b.origin = EventOrigin::Briefing;
    assert_eq!(timeline::timeline_order(&b, &a), std::cmp::Ordering::Less);
    a.briefing = 0;
    assert_eq!(timeline::timeline_order(&a, &b), std::cmp::Ordering::Less);
}

#[test]
fn tags_merge_spellings_by_slug() {
    let (_, graph) = graph();
    let slugs: Vec<&str> = graph.tags.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(slugs, ["russia", "trains"]);
    assert_eq!(graph.tags[0].name, "Russia");
    assert_eq!(graph.tags[0].briefings, [1, 0]);
    assert_eq!(graph.briefings[1].tags, [0, 1]);
}

#[test]
fn briefing_lists_notes_by_collection_and_its_sources() {
    let (_, graph) = graph();
    let groups: Vec<(&str, &[usize])> = graph.briefings[1]
        .notes
        .iter()
        .map(|g| (g.collection.as_str(), g.notes.as_slice()))
        .collect();
    assert_eq!(groups, [("people", &[0, 1][..]), ("places", &[2][..])]);
    let sources: Vec<(&str, Option<&str>)> = graph.briefings[1]
        .sources
        .iter()
        .map(|s| (s.title.as_str(), s.annot.as_deref()))
        .collect();
    assert_eq!(sources, [("Wire", None), ("Report", Some("a2"))]);
}

#[test]
fn collections_are_ordered_people_places_then_by_name() {
    let config = config();
    let names: Vec<&str> = collection_order(&config)
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["people", "places", "organizations"]);
}

#[test]
fn building_twice_gives_the_same_graph() {
    let (loaded, anchored) = site();
    let config = config();
    assert_eq!(
        build(&config, &loaded, &anchored),
        build(&config, &loaded, &anchored)
    );
}

/// Briefing `b` anchored again (a new revision) after `edit`, as a rebuild after a save
/// of that briefing gives it.
fn reanchored(anchored: &mut Anchored, b: usize, edit: impl FnOnce(&mut AnchoredBriefing)) {
    let mut briefing = (*anchored.briefings[b]).clone();
    edit(&mut briefing);
    briefing.revision = AnchoredBriefing::next_revision();
    anchored.briefings[b] = std::sync::Arc::new(briefing);
}

/// Builds with `memo` and checks the result against a build from scratch; returns
/// whether the previous graph was reused.
fn rebuilt_reusing(loaded: &Loaded, anchored: &Anchored, memo: &mut GraphMemo) -> bool {
    let previous = memo.graph_for_tests();
    let graph = build_reusing(&config(), loaded, anchored, memo);
    assert_eq!(*graph, build(&config(), loaded, anchored));
    previous.is_some_and(|p| std::sync::Arc::ptr_eq(&p, &graph))
}

#[test]
fn prose_edits_reuse_the_graph_and_the_rest_rebuild_it() {
    let (mut loaded, mut anchored) = site();
    let mut memo = GraphMemo::default();
    assert!(!rebuilt_reusing(&loaded, &anchored, &mut memo));
    // Lines added above the mentions and quotes: same graph.
    reanchored(&mut anchored, 1, |b| {
        for m in &mut b.mentions {
            m.placement.line += 3;
        }
        for a in &mut b.annotations {
            a.placements[0].line += 3;
        }
        b.body_html = "<p>New prose.</p>\n".into();
    });
    assert!(rebuilt_reusing(&loaded, &anchored, &mut memo));
    // Two annotations trade places: the attributed quotes' order may change.
    reanchored(&mut anchored, 1, |b| {
        let (first, last) = (
            b.annotations[0].placements[0].line,
            b.annotations[2].placements[0].line,
        );
        b.annotations[0].placements[0].line = last;
        b.annotations[2].placements[0].line = first;
    });
    assert!(!rebuilt_reusing(&loaded, &anchored, &mut memo));
    // A mention of another note.
    reanchored(&mut anchored, 0, |b| b.mentions[1].note = 1);
    assert!(!rebuilt_reusing(&loaded, &anchored, &mut memo));
    // A quote that no longer anchors.
    reanchored(&mut anchored, 1, |b| b.annotations[1].placements.clear());
    assert!(!rebuilt_reusing(&loaded, &anchored, &mut memo));
    // A new title (and so a new file), a note's new tag, a note's new name.
    let may = std::sync::Arc::make_mut(&mut loaded.briefings[2]);
    may.title = "May".into();
    may.file = std::sync::Arc::new((*may.file).clone());
    assert!(!rebuilt_reusing(&loaded, &anchored, &mut memo));
    loaded.notes[0].tags = vec!["leaders".into()];
    assert!(!rebuilt_reusing(&loaded, &anchored, &mut memo));
    loaded.notes[3].name = "D. Trump".into();
    assert!(!rebuilt_reusing(&loaded, &anchored, &mut memo));
    // Nothing changed since.
    assert!(rebuilt_reusing(&loaded, &anchored, &mut memo));
}

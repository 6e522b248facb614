use crate::anchor::site::*;
use crate::graph::testkit::*;
use crate::markdown::{Placement, Snippet};
use crate::model::*;
use std::time::Instant;

#[test]
#[ignore]
fn perf() {
    let config = config();
    let mut loaded = Loaded::default();
    let mut anchored = Anchored::default();
    for n in 0..300 {
        let coll = ["people", "places", "organizations"][n % 3];
        let mut nt = note(coll, &format!("n-{n}"), &format!("Note {n}"));
        nt.summary = Some("Summary of the note.".into());
        nt.role = Some("Role".into());
        loaded.notes.push(nt);
        anchored.notes.push(RenderedNote {
            body_html: "<p>Background of the note.</p>".repeat(5),
            summary_html: Some("<p>Summary of the note.</p>".into()),
        });
    }
    let body =
        "<p>".to_string() + &"Lorem ipsum dolor sit amet consectetur. ".repeat(130) + "</p>\n";
    for b in 0..10_000 {
        let mut br = briefing(
            &format!("b-{b}"),
            &format!("Briefing {b}"),
            day(
                2000 + (b % 20) as i32,
                1 + (b % 12) as u32,
                1 + (b % 28) as u32,
            ),
        );
        br.tags = vec![format!("tag{}", b % 50)];
        br.summary = Some("The bottom line.".into());
        br.source = Some(ArticleSource {
            name: Some("Wire".into()),
            url: Some("https://wire.example/x".into()),
            author: Some("A".into()),
            published: None,
        });
        let mut placed = Vec::new();
        let mut mentions = Vec::new();
        for a in 0..20 {
            let mut e = annotation(a, "text");
            match a % 4 {
                0 => e.note = Some("Note".into()),
                1 => e.event = Some(event(day(2010, 1, 1 + (a % 28) as u32), "Event")),
                2 => e.said_by = Some("n-0".into()),
                _ => {
                    e.link = Some(LinkSpec {
                        url: format!("https://x.example/{a}"),
                        title: Some("Link".into()),
                    })
                }
            }
            br.annotations.entries.push(e);
            let snippet = Snippet {
                before: "Before the words ".into(),
                text: "text".into(),
                after: " after the words.".into(),
            };
            let p = Placement {
                block: a,
                line: a,
                column: 1,
                snippet,
            };
            placed.push(PlacedAnnotation {
                id: format!("a{a}"),
                index: a,
                placements: vec![p.clone()],
                note_html: Some("<p>Note.</p>".into()),
            });
            mentions.push(PlacedMention {
                id: format!("m{a}"),
                note: (b * 7 + a * 13) % 300,
                placement: p,
                explicit: false,
            });
        }
        loaded.briefings.push(br);
        anchored.briefings.push(AnchoredBriefing {
            body_html: body.clone(),
            summary_html: Some("<p>The bottom line.</p>".into()),
            annotations: placed,
            mentions,
            word_count: 800,
        });
    }
    let cpu = || {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
        let f: Vec<&str> = stat
            .rsplit(')')
            .next()
            .unwrap()
            .split_whitespace()
            .collect();
        (f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()) * 10
    };
    let c = cpu();
    let graph = crate::graph::build(&config, &loaded, &anchored);
    eprintln!("graph cpu {} ms", cpu() - c);
    let root = tempfile::tempdir().unwrap();
    let theme = crate::render::Theme::load(root.path(), &config).unwrap();
    let c = cpu();
    let shared = super::context::Shared::new(&config, &loaded, &anchored, &graph, "default");
    eprintln!("shared cpu {} ms", cpu() - c);
    let c = cpu();
    let jobs: Vec<_> = (0..loaded.briefings.len())
        .filter_map(|b| super::context::briefing_page(&shared, b))
        .collect();
    eprintln!("briefing contexts cpu {} ms", cpu() - c);
    let c = cpu();
    let mut bytes = 0;
    for j in &jobs {
        bytes += theme.render(j.template, &j.context).unwrap().len();
    }
    eprintln!(
        "briefing render cpu {} ms ({} MB)",
        cpu() - c,
        bytes / 1_000_000
    );
    let c = cpu();
    let jobs: Vec<_> = (0..loaded.notes.len())
        .filter_map(|n| super::context::note_page(&shared, n))
        .collect();
    eprintln!("note contexts cpu {} ms", cpu() - c);
    let c = cpu();
    let mut bytes = 0;
    for j in &jobs {
        bytes += theme.render(j.template, &j.context).unwrap().len();
    }
    eprintln!(
        "note render cpu {} ms ({} MB)",
        cpu() - c,
        bytes / 1_000_000
    );
    let c = cpu();
    let j = super::context::timeline_page(&shared);
    let t = theme.render(j.template, &j.context).unwrap();
    eprintln!("timeline cpu {} ms ({} MB)", cpu() - c, t.len() / 1_000_000);
    let c = cpu();
    let j = super::context::home_page(&shared);
    let t = theme.render(j.template, &j.context).unwrap();
    eprintln!("home cpu {} ms ({} MB)", cpu() - c, t.len() / 1_000_000);
    let c = cpu();
    let _ = super::feed::atom(&shared);
    let _ = super::search::index_files(&shared);
    eprintln!("feed+search cpu {} ms", cpu() - c);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut best = std::time::Duration::MAX;
        for _ in 0..3 {
            let t = Instant::now();
            let files = pool.install(|| {
                crate::render::render(&config, &loaded, &anchored, &graph, &theme).unwrap()
            });
            best = best.min(t.elapsed());
            drop(files);
        }
        eprintln!("whole render wall, {threads} threads, best of 3: {best:?}");
    }
}

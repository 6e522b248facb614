//! Reusing the previous build's graph while nothing it is made from has changed.
//!
//! The graph reads little of a briefing: its title, date, tags, source and annotation
//! entries, which notes it mentions in which order, which annotations anchored and in
//! which order, and of each note its collection, slug, name and tags. An edit to an
//! article's prose changes none of that, so the graph of a rebuild after such an edit
//! is the previous one, found by comparing fingerprints of those inputs.

use std::sync::Arc;

use super::Graph;
use crate::anchor::site::{Anchored, AnchoredBriefing, Identity};
use crate::config::Config;
use crate::fingerprint::{HashWriter, of_debug};
use crate::model::{Briefing, Loaded};

/// The graph of the previous build and fingerprints of what it was made from.
#[derive(Debug, Default)]
pub struct GraphMemo {
    inputs: Option<Inputs>,
    graph: Arc<Graph>,
}

/// Fingerprints of everything [`super::build`] reads.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inputs {
    config: u64,
    notes: u64,
    /// Per briefing, in order: what identifies it, and a fingerprint of what the graph
    /// reads of it (computed again only for a briefing not identified as before).
    briefings: Vec<(Identity, u64)>,
}

impl Inputs {
    fn of(config: &Config, loaded: &Loaded, anchored: &Anchored, earlier: Option<&Inputs>) -> Self {
        let empty = AnchoredBriefing::default();
        let briefings = loaded
            .briefings
            .iter()
            .enumerate()
            .map(|(b, briefing)| {
                let placed = anchored.briefings.get(b).map_or(&empty, |p| &**p);
                let identity = Identity::of(briefing, placed);
                let known = earlier
                    .and_then(|e| e.briefings.get(b))
                    .filter(|(then, _)| identity.same_as(then));
                match known {
                    Some(&pair) => pair,
                    None => (identity, briefing_print(briefing, placed)),
                }
            })
            .collect();
        let notes: Vec<_> = loaded
            .notes
            .iter()
            .map(|n| (&n.collection, &n.slug, &n.name, &n.tags))
            .collect();
        Inputs {
            config: config.fingerprint(),
            notes: of_debug(&notes),
            briefings,
        }
    }

    /// Whether a graph made from `earlier` is the graph of these inputs.
    fn same_graph_as(&self, earlier: &Inputs) -> bool {
        self.config == earlier.config
            && self.notes == earlier.notes
            && self.briefings.len() == earlier.briefings.len()
            && self
                .briefings
                .iter()
                .zip(&earlier.briefings)
                .all(|(now, then)| now.1 == then.1)
    }
}

/// A fingerprint of what the graph reads of one briefing: not its prose, nor where
/// its annotations and mentions are, only which there are and in which order.
fn briefing_print(briefing: &Briefing, placed: &AnchoredBriefing) -> u64 {
    let mut print = HashWriter::default();
    print.add_debug(&(
        &briefing.slug,
        &briefing.title,
        &briefing.date,
        &briefing.tags,
        &briefing.source,
        &briefing.annotations.entries,
    ));
    let mentioned: Vec<usize> = placed.mentions.iter().map(|m| m.note).collect();
    print.add_debug(&mentioned);
    let anchored: Vec<(&str, usize, bool)> = placed
        .annotations
        .iter()
        .map(|a| (a.id.as_str(), a.index, a.placements.is_empty()))
        .collect();
    print.add_debug(&anchored);
    // Attributed quotes are listed in reading order: keep the order, not the places.
    let mut reading_order: Vec<((usize, usize, usize), usize)> = placed
        .annotations
        .iter()
        .enumerate()
        .map(|(position, a)| {
            let at = a
                .placements
                .first()
                .map_or((usize::MAX, usize::MAX), |p| (p.line, p.column));
            ((at.0, at.1, a.index), position)
        })
        .collect();
    reading_order.sort_unstable();
    let order: Vec<usize> = reading_order.into_iter().map(|(_, p)| p).collect();
    print.add_debug(&order);
    print.finish()
}

impl GraphMemo {
    /// The graph it holds, if any.
    #[cfg(test)]
    pub(crate) fn graph_for_tests(&self) -> Option<Arc<Graph>> {
        self.inputs.as_ref().map(|_| self.graph.clone())
    }
}

/// Like [`super::build`], but returns the graph of the previous call with `memo` when
/// everything it reads is unchanged, and keeps this call's graph in `memo`.
pub fn build_reusing(
    config: &Config,
    loaded: &Loaded,
    anchored: &Anchored,
    memo: &mut GraphMemo,
) -> Arc<Graph> {
    let inputs = Inputs::of(config, loaded, anchored, memo.inputs.as_ref());
    if memo
        .inputs
        .as_ref()
        .is_some_and(|earlier| inputs.same_graph_as(earlier))
    {
        memo.inputs = Some(inputs);
        return memo.graph.clone();
    }
    let graph = Arc::new(super::build(config, loaded, anchored));
    memo.inputs = Some(inputs);
    memo.graph = graph.clone();
    graph
}

//! The server-sent events endpoint the live-reload client listens to.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use super::{Live, LiveEvent};

/// How soon a browser reconnects after losing the connection.
const RETRY: Duration = Duration::from_millis(1000);

/// `GET /__brief/events`: `hello` (and `error` while the last rebuild failed), then every
/// event as it happens.
pub(super) async fn events(
    State(live): State<Arc<Live>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (first, receiver) = live.subscribe();
    let first = stream::iter(first).enumerate().map(|(i, event)| {
        let sse = to_sse(&event);
        if i == 0 { sse.retry(RETRY) } else { sse }
    });
    let rest = stream::unfold((receiver, live), |(mut receiver, live)| async move {
        let event = match receiver.recv().await {
            Ok(event) => event,
            // This page missed events: the safe thing is to reload it.
            Err(RecvError::Lagged(_)) => LiveEvent::Reload {
                build: live.build_id(),
            },
            Err(RecvError::Closed) => return None,
        };
        Some((to_sse(&event), (receiver, live)))
    });
    Sse::new(first.chain(rest).map(Ok)).keep_alive(KeepAlive::default())
}

fn to_sse(event: &LiveEvent) -> Event {
    Event::default().event(event.name()).data(event.data())
}

//! What the preview server adds to HTML responses (never to the files in the output
//! folder): the live-reload client and, while the last rebuild failed, the overlay with
//! its diagnostics. Also the placeholder page served before any build has succeeded.

/// URL path of the live-reload client script.
pub const CLIENT_JS_PATH: &str = "/__brief/client.js";
/// URL path of the overlay's stylesheet.
pub const CLIENT_CSS_PATH: &str = "/__brief/client.css";
/// URL path of the server-sent events endpoint.
pub const EVENTS_PATH: &str = "/__brief/events";

/// The live-reload client (served at [`CLIENT_JS_PATH`]).
pub const CLIENT_JS: &str = include_str!("client.js");
/// The overlay's stylesheet (served at [`CLIENT_CSS_PATH`]).
pub const CLIENT_CSS: &str = include_str!("client.css");

/// Escapes text for an HTML element or a quoted attribute.
pub use crate::render::escape::html_escape as escape_html;

/// The overlay showing a failed rebuild's diagnostics (HTML-escaped, in a `<pre>`).
/// The client script builds the same markup for errors that arrive while a page is open.
pub fn overlay(diagnostics: &str) -> String {
    format!(
        "<div id=\"__brief-overlay\" role=\"dialog\" aria-modal=\"false\" \
aria-labelledby=\"__brief-overlay-title\"><div class=\"__brief-box\">\
<p id=\"__brief-overlay-title\" class=\"__brief-title\">The last rebuild failed</p>\
<p>This page is from the last good build. Fix the problems below and save: \
the page reloads once the site builds again.</p>\
<pre>{}</pre>\
<button type=\"button\" class=\"__brief-dismiss\">Dismiss</button></div></div>",
        escape_html(diagnostics)
    )
}

/// The tags added before `</body>`: the client (tagged with the build the page comes
/// from, so it reloads if a newer build was swapped in meanwhile) and the overlay.
pub fn snippet(build_id: &str, error: Option<&str>) -> String {
    let mut out = format!(
        "<link rel=\"stylesheet\" href=\"{CLIENT_CSS_PATH}\">\
<script src=\"{CLIENT_JS_PATH}\" data-build=\"{}\" defer></script>",
        escape_html(build_id)
    );
    if let Some(text) = error {
        out.push_str(&overlay(text));
    }
    out
}

/// Inserts `snippet` before the last `</body>` of `html` (any case), or appends it.
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The offset of the last `</body` in `html`, ignoring ASCII case.
fn body_end(html: &[u8]) -> Option<usize> {
    const NEEDLE: &[u8] = b"</body";
    let last = html.len().checked_sub(NEEDLE.len())?;
    (0..=last)
        .rev()
        .find(|&i| html[i..i + NEEDLE.len()].eq_ignore_ascii_case(NEEDLE))
}

/// The page served while there is no site to serve (the first build failed or has not
/// finished). It carries the client, so it turns into the site after the next good build.
pub fn placeholder(build_id: &str, error: Option<&str>) -> Vec<u8> {
    let message = if error.is_some() {
        "The site could not be built yet. The problems are shown below and in the terminal; \
this page reloads once they are fixed."
    } else {
        "The site is being built; this page reloads when it is ready."
    };
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>brief preview: no site yet</title></head>\
<body><main><h1>No site yet</h1><p>{message}</p></main></body></html>\n"
    );
    inject(page.as_bytes(), &snippet(build_id, error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end_tag() {
        let html = b"<html><body><p>x</p><!-- </body> --></BODY></html>";
        let out = inject(html, "<s>");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "<html><body><p>x</p><!-- </body> --><s></BODY></html>"
        );
        assert_eq!(inject(b"<p>no body", "<s>"), b"<p>no body<s>");
        assert_eq!(inject(b"", "<s>"), b"<s>");
    }

    #[test]
    fn overlay_text_is_escaped() {
        let html = overlay("error: <script>alert('x')</script> & \"y\"");
        assert!(html.contains(
            "<pre>error: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;</pre>"
        ));
        assert!(!html.contains("<script>"));
        let s = snippet("1-2", None);
        assert!(s.contains("data-build=\"1-2\"") && !s.contains("__brief-overlay"));
        assert!(snippet("1-2", Some("e")).contains("<pre>e</pre>"));
    }

    #[test]
    fn placeholder_carries_the_client_and_overlay() {
        let page = String::from_utf8(placeholder("a-0", Some("bad <yaml>"))).expect("utf-8");
        assert!(page.contains(CLIENT_JS_PATH));
        assert!(page.contains("<pre>bad &lt;yaml&gt;</pre>"));
        assert!(page.ends_with("</body></html>\n"));
    }
}

//! The Atom feed and the sitemap, with absolute URLs from `base_url`.

use std::fmt::Write as _;

use super::context::Shared;
use super::dates::rfc3339;
use super::escape::xml_escape;
use super::urls::briefing_url;

/// How many of the newest briefings the feed carries.
pub const FEED_ENTRIES: usize = 50;

/// The Atom feed (`atom.xml`): the newest briefings with their summaries and bodies.
/// `updated` is the newest briefing's date, so the feed only changes with the content.
pub fn atom(shared: &Shared<'_>) -> String {
    let config = shared.config();
    let x = xml_escape;
    let newest = shared
        .graph()
        .newest_first
        .first()
        .and_then(|&b| shared.loaded().briefings.get(b));
    let updated = newest.map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |b| rfc3339(&b.date));
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        x(&config.language)
    );
    let _ = writeln!(out, "  <title>{}</title>", x(&config.title));
    if let Some(description) = &config.description {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", x(description));
    }
    let self_url = config.absolute_url("atom.xml");
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        x(&self_url)
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        x(&config.base_url)
    );
    let _ = writeln!(out, "  <id>{}</id>", x(&config.base_url));
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(out, "  <author><name>{}</name></author>", x(&config.title));
    out.push_str("  <generator>brief</generator>\n");
    for &b in shared.graph().newest_first.iter().take(FEED_ENTRIES) {
        entry(shared, b, &mut out);
    }
    out.push_str("</feed>\n");
    out
}

fn entry(shared: &Shared<'_>, b: usize, out: &mut String) {
    let x = xml_escape;
    let Some(briefing) = shared.loaded().briefings.get(b) else {
        return;
    };
    let placed = shared.placed(b);
    let url = shared.config().absolute_url(&briefing_url(briefing));
    let date = rfc3339(&briefing.date);
    let _ = writeln!(out, "  <entry xml:base=\"{}\">", x(&url));
    let _ = writeln!(out, "    <title>{}</title>", x(&briefing.title));
    let _ = writeln!(
        out,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        x(&url)
    );
    let _ = writeln!(out, "    <id>{}</id>", x(&url));
    let _ = writeln!(out, "    <published>{date}</published>");
    let _ = writeln!(out, "    <updated>{date}</updated>");
    if let Some(author) = briefing.source.as_ref().and_then(|s| s.author.as_deref()) {
        let _ = writeln!(out, "    <author><name>{}</name></author>", x(author));
    }
    if let Some(tags) = shared.briefing_values().get(b).map(|v| &v.tags) {
        for tag in tags {
            let _ = writeln!(
                out,
                "    <category term=\"{}\" label=\"{}\"/>",
                x(&tag.slug),
                x(&tag.name)
            );
        }
    }
    let base = &shared.config().base_url;
    if let Some(summary) = &placed.summary_html {
        let summary = absolute_links(summary, base);
        let _ = writeln!(out, "    <summary type=\"html\">{}</summary>", x(&summary));
    }
    let body = absolute_links(&placed.body_html, base);
    let _ = writeln!(out, "    <content type=\"html\">{}</content>", x(&body));
    out.push_str("  </entry>\n");
}

/// The sitemap (`sitemap.xml`) of the given HTML output paths; `index.html` files are
/// listed by their folder URL and `404.html` is left out.
pub fn sitemap(shared: &Shared<'_>, html_paths: &[&str]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in html_paths {
        if *path == "404.html" {
            continue;
        }
        let url = path.strip_suffix("index.html").unwrap_or(path);
        let _ = writeln!(
            out,
            "  <url><loc>{}</loc></url>",
            xml_escape(&shared.config().absolute_url(url))
        );
    }
    out.push_str("</urlset>\n");
    out
}

/// `html` with its links written from the site root (`/places/x/`) made absolute, under
/// `base_url`: a feed reader shows an entry away from the site.
fn absolute_links(html: &str, base_url: &str) -> String {
    let bytes = super::urls::relative_links(html.as_bytes().to_vec(), base_url);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

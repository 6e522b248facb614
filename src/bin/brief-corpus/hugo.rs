//! The same articles as a minimal Hugo site: plain pages with templates equivalent to a
//! bare article page and a list page, no taxonomies, feeds or sitemap.

use std::fs;
use std::io;
use std::path::Path;

use crate::article::Article;
use crate::yaml::quoted;

const CONFIG: &str = r#"baseURL = "https://bench.example.org/"
title = "Benchmark desk"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]

[markup.goldmark.renderer]
unsafe = false

[markup.goldmark.extensions]
typographer = true
"#;

const SINGLE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<main>
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}
</article>
</main>
</body>
</html>
"#;

const LIST: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<main>
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
</main>
</body>
</html>
"#;

/// Writes the configuration and the templates.
pub fn write_config(dir: &Path) -> io::Result<()> {
    let layouts = dir.join("layouts").join("_default");
    fs::create_dir_all(&layouts)?;
    fs::create_dir_all(dir.join("content").join("briefings"))?;
    fs::write(dir.join("config.toml"), CONFIG)?;
    fs::write(layouts.join("single.html"), SINGLE)?;
    fs::write(layouts.join("list.html"), LIST)?;
    Ok(())
}

/// Writes one article as a Hugo page.
pub fn write_page(dir: &Path, article: &Article, body: &str) -> io::Result<()> {
    let text = format!(
        "---\ntitle: {}\ndate: {}\n---\n\n{body}",
        quoted(&article.title),
        article.date
    );
    fs::write(
        dir.join("content")
            .join("briefings")
            .join(format!("{}.md", article.slug)),
        text,
    )
}

//! The data one page is rendered from. Values are kept as they are (not yet turned into
//! Tera's JSON values) so that a rebuild can hash a page's context cheaply, by streaming
//! it as JSON into a hasher, and turn into Tera values only the contexts of the pages it
//! renders again.

use std::io::{BufWriter, Write as _};

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use crate::fingerprint::HashWriter;

/// Where a page's context is written as JSON to be hashed.
type HashSink = BufWriter<HashWriter>;

/// A value of a page context, whatever its type: what a page needs of it, each method
/// compiled for the value's own type (a serializer behind a trait object would cost a
/// dynamic call for every field of every value).
trait Var: Send {
    /// The value as Tera's JSON.
    fn to_json(&self) -> serde_json::Result<serde_json::Value>;
    /// Writes the value as JSON into `out`.
    fn write_json(&self, out: &mut HashSink) -> serde_json::Result<()>;
}

impl<T: Serialize + Send> Var for T {
    fn to_json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }

    fn write_json(&self, out: &mut HashSink) -> serde_json::Result<()> {
        serde_json::to_writer(out, self)
    }
}

/// The variables of one page (`site`, `page`, `briefing`, ...), as Tera will see them.
#[derive(Default)]
pub struct PageContext<'a> {
    vars: Vec<(&'static str, Box<dyn Var + 'a>)>,
    /// The path from the page to the site root (the `root` variable), which links written
    /// from the root (`/places/x/`) are made relative to.
    root: String,
}

impl<'a> PageContext<'a> {
    /// An empty context.
    pub fn new() -> Self {
        PageContext {
            vars: Vec::new(),
            root: String::new(),
        }
    }

    /// Sets the `root` variable: the path from the page to the site root.
    pub fn set_root(&mut self, root: &str) {
        self.root = root.to_string();
        self.insert("root", root.to_string());
    }

    /// The path from the page to the site root (`""`, `"../../"`, or the `base_url` of the
    /// 404 page).
    pub fn root(&self) -> &str {
        &self.root
    }

    /// Sets the variable `key` to `value` (replacing an earlier value of `key`).
    pub fn insert<T: Serialize + Send + 'a>(&mut self, key: &'static str, value: T) {
        self.vars.retain(|(k, _)| *k != key);
        self.vars.push((key, Box::new(value)));
    }

    /// A 128-bit hash of every variable and value: equal contexts hash equal, and
    /// different ones differ but with negligible probability. Nothing is copied: each
    /// value is written as JSON (an unambiguous encoding) straight into the hasher.
    /// `None` when a value cannot be written as JSON: such a page is always rendered.
    pub fn fingerprint(&self) -> Option<u128> {
        let mut vars: Vec<&(&'static str, Box<dyn Var + 'a>)> = self.vars.iter().collect();
        vars.sort_by_key(|(key, _)| *key);
        // JSON arrives in many small pieces: gather them before hashing.
        let mut out = BufWriter::with_capacity(1 << 16, HashWriter(Xxh3::new()));
        for (key, value) in vars {
            // JSON output of a plain value cannot fail except through the writer, which
            // never fails; a failure would only make this page render again.
            let written = serde_json::to_writer(&mut out, key)
                .and_then(|()| value.write_json(&mut out))
                .and_then(|()| out.write_all(b"\n").map_err(serde_json::Error::io));
            if written.is_err() {
                return None;
            }
        }
        out.into_inner().ok().map(|hasher| hasher.0.digest128())
    }

    /// The context in Tera's form. A value that cannot be represented as JSON (a map
    /// with non-string keys) becomes `null`; brief's own values never are.
    pub fn into_tera(self) -> tera::Context {
        // Each value is turned into JSON once and moved in (`Context::insert` would
        // serialize the JSON value again, copying it).
        let mut map = serde_json::Map::with_capacity(self.vars.len());
        for (key, value) in self.vars {
            let value = value.to_json().unwrap_or(serde_json::Value::Null);
            map.insert(key.to_string(), value);
        }
        tera::Context::from_value(serde_json::Value::Object(map)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn context(pairs: &[(&'static str, Value)]) -> PageContext<'static> {
        let mut context = PageContext::new();
        for (key, value) in pairs {
            context.insert(key, value.clone());
        }
        context
    }

    #[test]
    fn equal_contexts_hash_equal() {
        let a = context(&[("x", "one".into()), ("y", json!([1, 2]))]);
        let b = context(&[("y", json!([1, 2])), ("x", "one".into())]);
        assert_eq!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn any_change_changes_the_hash() {
        let base = context(&[("x", json!({"a": ["b", "c"], "n": 1}))]);
        let variants = [
            json!({"a": ["b", "c"], "n": 2}),
            json!({"a": ["bc"], "n": 1}),
            json!({"a": ["b", "c", ""], "n": 1}),
            json!({"a": [["b"], "c"], "n": 1}),
            json!({"a": ["b", "c"], "n": "1"}),
            json!({"a": ["b", "c"]}),
            json!({"a": ["b\"", "c"], "n": 1}),
        ];
        for variant in variants {
            let other = context(&[("x", variant.clone())]);
            assert_ne!(base.fingerprint(), other.fingerprint(), "{variant}");
        }
        let renamed = context(&[("z", json!({"a": ["b", "c"], "n": 1}))]);
        assert_ne!(base.fingerprint(), renamed.fingerprint());
        let split = context(&[("x", json!({"a": ["b", "c"]})), ("n", json!(1))]);
        assert_ne!(base.fingerprint(), split.fingerprint());
    }

    #[test]
    fn a_later_value_replaces_an_earlier_one() {
        let mut twice = context(&[("x", "old".into())]);
        twice.insert("x", "new");
        assert_eq!(
            twice.fingerprint(),
            context(&[("x", "new".into())]).fingerprint()
        );
    }

    #[test]
    fn converts_to_the_same_tera_context() {
        #[derive(Serialize)]
        struct Page<'a> {
            title: &'a str,
            tags: Vec<&'a str>,
        }
        let title = String::from("Kim <arrives>");
        let mut page = PageContext::new();
        page.insert(
            "page",
            Page {
                title: &title,
                tags: vec!["a", "b"],
            },
        );
        let mut tera = tera::Context::new();
        tera.insert(
            "page",
            &json!({"title": "Kim <arrives>", "tags": ["a", "b"]}),
        );
        assert_eq!(page.into_tera(), tera);
    }
}

//! The data one page is rendered from, kept as a JSON tree so that it can be hashed: a
//! rebuild renders a page again only when the hash of its context changed.

use serde::Serialize;
use serde_json::{Map, Value};
use xxhash_rust::xxh3::Xxh3;

/// The variables of one page (`site`, `page`, `briefing`, ...), as Tera will see them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageContext {
    vars: Map<String, Value>,
}

impl PageContext {
    /// An empty context.
    pub fn new() -> Self {
        PageContext::default()
    }

    /// Sets the variable `key` to `value`. A value that cannot be represented as JSON
    /// (a map with non-string keys) becomes `null`; brief's own values never are.
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        self.vars.insert(key.to_string(), value);
    }

    /// The variable `key`, if set.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.vars.get(key)
    }

    /// A 128-bit hash of every variable and value: equal contexts hash equal, and
    /// different ones differ but with negligible probability.
    pub fn fingerprint(&self) -> u128 {
        let mut hasher = Xxh3::new();
        hash_map(&self.vars, &mut hasher);
        hasher.digest128()
    }

    /// The context in Tera's form.
    pub fn into_tera(self) -> tera::Context {
        // An object always converts; fall back to an empty context rather than panic.
        tera::Context::from_value(Value::Object(self.vars)).unwrap_or_default()
    }
}

/// Feeds `value` to `hasher`, each kind with its own tag and every string and container
/// with its length, so that different trees never feed the same bytes.
fn hash_value(value: &Value, hasher: &mut Xxh3) {
    match value {
        Value::Null => hasher.update(b"n"),
        Value::Bool(b) => hasher.update(if *b { b"t" } else { b"f" }),
        Value::Number(n) => {
            hasher.update(b"#");
            hash_str(&n.to_string(), hasher);
        }
        Value::String(s) => {
            hasher.update(b"s");
            hash_str(s, hasher);
        }
        Value::Array(items) => {
            hasher.update(b"[");
            hasher.update(&(items.len() as u64).to_le_bytes());
            for item in items {
                hash_value(item, hasher);
            }
        }
        Value::Object(map) => {
            hasher.update(b"{");
            hash_map(map, hasher);
        }
    }
}

fn hash_map(map: &Map<String, Value>, hasher: &mut Xxh3) {
    hasher.update(&(map.len() as u64).to_le_bytes());
    for (key, value) in map {
        hash_str(key, hasher);
        hash_value(value, hasher);
    }
}

fn hash_str(text: &str, hasher: &mut Xxh3) {
    hasher.update(&(text.len() as u64).to_le_bytes());
    hasher.update(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(pairs: &[(&str, Value)]) -> PageContext {
        let mut context = PageContext::new();
        for (key, value) in pairs {
            context.insert(key, value);
        }
        context
    }

    #[test]
    fn equal_contexts_hash_equal() {
        let a = context(&[("x", "one".into()), ("y", serde_json::json!([1, 2]))]);
        let b = context(&[("y", serde_json::json!([1, 2])), ("x", "one".into())]);
        assert_eq!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn any_change_changes_the_hash() {
        let base = context(&[("x", serde_json::json!({"a": ["b", "c"], "n": 1}))]);
        let variants = [
            serde_json::json!({"a": ["b", "c"], "n": 2}),
            serde_json::json!({"a": ["bc"], "n": 1}),
            serde_json::json!({"a": ["b", "c", ""], "n": 1}),
            serde_json::json!({"a": [["b"], "c"], "n": 1}),
            serde_json::json!({"a": ["b", "c"], "n": "1"}),
            serde_json::json!({"a": ["b", "c"]}),
        ];
        for variant in variants {
            let other = context(&[("x", variant.clone())]);
            assert_ne!(base.fingerprint(), other.fingerprint(), "{variant}");
        }
        assert_ne!(
            base.fingerprint(),
            context(&[("z", serde_json::json!({"a": ["b", "c"], "n": 1}))]).fingerprint()
        );
    }

    #[test]
    fn converts_to_the_same_tera_context() {
        let page = context(&[("title", "Kim <arrives>".into())]);
        let mut tera = tera::Context::new();
        tera.insert("title", "Kim <arrives>");
        assert_eq!(page.into_tera(), tera);
    }
}

//! Slugs: the URL-safe names of briefings, notes, collections and tags.

/// Whether `slug` is safe to use as one path segment of a URL and of the output folder:
/// non-empty, lowercase ASCII letters, digits and single hyphens, not starting or ending
/// with a hyphen.
pub fn is_safe(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 200
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A safe slug made from any text: `"Kim Jong Un"` → `kim-jong-un`. Letters outside ASCII
/// are kept out (Latin accents are folded to their base letter where obvious); an input
/// with nothing usable gives `"untitled"`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        let folded = fold_latin(c);
        let lower = folded.to_ascii_lowercase();
        if lower.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(lower);
        } else if c == '\'' || c == '’' {
            // "Kim's" → "kims", not "kim-s".
        } else {
            pending_hyphen = true;
        }
        if out.len() >= 80 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "untitled".into()
    } else {
        out
    }
}

fn fold_latin(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_slugs() {
        for ok in ["kim-jong-un", "2019-04-24-visit", "a"] {
            assert!(is_safe(ok), "{ok}");
        }
        for bad in [
            "", "Kim", "../x", "a/b", "a b", "-a", "a-", "a--b", "é", "a.html", "con\0",
        ] {
            assert!(!is_safe(bad), "{bad:?}");
        }
    }

    #[test]
    fn slugify_makes_safe_slugs() {
        assert_eq!(slugify("Kim Jong Un"), "kim-jong-un");
        assert_eq!(
            slugify("  Kim's  visit -- to Russia! "),
            "kims-visit-to-russia"
        );
        assert_eq!(slugify("Café Société"), "cafe-societe");
        assert_eq!(slugify("Владивосток"), "untitled");
        assert!(is_safe(&slugify("Kim Jong Un arrives in Russia")));
    }
}

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

/// The slug of a tag: [`slugify`], and when the name has letters that slugify leaves out
/// (Hangul, Cyrillic, Han, Greek…), a short hash of the whole name after it, so that
/// `북한` and `남한` get addresses of their own instead of one `untitled` page:
/// `북한` → `tag-1f2e3d4c`, `Россия 2019` → `2019-9a8b7c6d`. Signs that tell tags apart
/// are spelled out: `C++` → `c-plus-plus`, `C#` → `c-sharp`, `Q&A` → `q-and-a`, so
/// that they do not share the page of `C` or `QA`.
pub fn tag_slug(name: &str) -> String {
    let spelled;
    let name = if name.contains(['+', '#', '&']) {
        spelled = spell_out_signs(name);
        spelled.as_str()
    } else {
        name
    };
    let left_out = name
        .chars()
        .any(|c| c.is_alphanumeric() && !fold_latin(c).is_ascii_alphanumeric());
    if !left_out {
        return slugify(name);
    }
    let hash = xxhash_rust::xxh3::xxh3_64(name.trim().as_bytes()) as u32;
    match slugify(name).as_str() {
        "untitled" => format!("tag-{hash:08x}"),
        base => format!("{base}-{hash:08x}"),
    }
}

/// `name` with `+` and `&` written as words, and `#` after a letter (`C#`, not `#metoo`).
fn spell_out_signs(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 16);
    let mut after_letter = false;
    for c in name.chars() {
        match c {
            '+' => out.push_str(" plus "),
            '&' => out.push_str(" and "),
            '#' if after_letter => out.push_str(" sharp "),
            _ => out.push(c),
        }
        after_letter = c.is_alphanumeric();
    }
    out
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

    #[test]
    fn tags_in_other_scripts_get_addresses_of_their_own() {
        assert_eq!(tag_slug("North Korea"), "north-korea");
        assert_eq!(tag_slug("C++"), "c-plus-plus");
        assert_eq!(tag_slug("C#"), "c-sharp");
        assert_eq!(tag_slug("C"), "c");
        assert_eq!(tag_slug("#metoo"), "metoo");
        assert_eq!(tag_slug("Q&A"), "q-and-a");
        assert_eq!(tag_slug("AT&T"), "at-and-t");
        assert_eq!(tag_slug("Île de Ré"), "ile-de-re");
        let (north, south) = (tag_slug("북한"), tag_slug("남한"));
        assert_ne!(north, south);
        assert!(north.starts_with("tag-") && is_safe(&north), "{north}");
        let russia = tag_slug("Россия 2019");
        assert!(russia.starts_with("2019-") && is_safe(&russia), "{russia}");
        assert_eq!(tag_slug("북한"), north, "the same name, the same slug");
    }
}

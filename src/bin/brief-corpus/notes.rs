//! The shared background notes: people, places and organizations with names and aliases
//! that the articles really use, so automatic mentions have work to do.

use std::collections::BTreeSet;

use crate::rng::Rng;
use crate::words::*;

/// The collection a note belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `content/people/`
    Person,
    /// `content/places/`
    Place,
    /// `content/organizations/` (declared in site.toml)
    Organization,
}

impl Kind {
    /// The collection's folder name.
    pub fn collection(self) -> &'static str {
        match self {
            Kind::Person => "people",
            Kind::Place => "places",
            Kind::Organization => "organizations",
        }
    }

    /// The annotation key that mentions a note of this kind.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organization => "organization",
        }
    }
}

/// One background note.
#[derive(Debug, Clone)]
pub struct NoteSpec {
    /// Its collection.
    pub kind: Kind,
    /// File stem.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Other names the articles use.
    pub aliases: Vec<String>,
    /// Role (people) or country (places).
    pub detail: String,
    /// A country adjective, for people's nationality.
    pub nationality: String,
}

/// Makes `count` notes (half people, a third places, the rest organizations), all names
/// and aliases distinct and never a lower-case word of the vocabulary.
pub fn generate(seed: u64, count: usize) -> Vec<NoteSpec> {
    let mut rng = Rng::stream(seed, u64::MAX);
    let people = count / 2;
    let places = count / 3;
    let organizations = count - people - places;
    let mut taken = Taken::default();
    let mut notes = Vec::with_capacity(count);
    for _ in 0..people {
        notes.push(person(&mut rng, &mut taken));
    }
    for _ in 0..places {
        notes.push(place(&mut rng, &mut taken));
    }
    for _ in 0..organizations {
        notes.push(organization(&mut rng, &mut taken));
    }
    notes
}

/// Names already in use (compared in lower case, so that no name is a vocabulary word).
#[derive(Default)]
struct Taken {
    names: BTreeSet<String>,
}

impl Taken {
    fn is_free(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        !self.names.contains(&lower) && !is_vocabulary(&lower)
    }

    fn take(&mut self, name: &str) -> bool {
        let free = self.is_free(name);
        if free {
            self.names.insert(name.to_lowercase());
        }
        free
    }
}

fn is_vocabulary(word: &str) -> bool {
    [NOUNS, VERBS, ADJECTIVES, ADVERBS, PREPOSITIONS]
        .iter()
        .any(|list| list.contains(&word))
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn invented_word(rng: &mut Rng, syllables: usize) -> String {
    let mut word = String::new();
    for _ in 0..syllables {
        word.push_str(rng.pick::<&str>(SYLLABLES));
    }
    word
}

fn slug_of(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

fn person(rng: &mut Rng, taken: &mut Taken) -> NoteSpec {
    let (first, surname) = loop {
        let first = *rng.pick(FIRST_NAMES);
        let syllables = rng.between(2, 3);
        let surname = capitalize(&invented_word(rng, syllables));
        let full = format!("{first} {surname}");
        if taken.is_free(&surname) && taken.is_free(&full) {
            taken.take(&surname);
            taken.take(&full);
            break (first, surname);
        }
    };
    let (_, adjective) = *rng.pick(COUNTRIES);
    let office = *rng.pick(OFFICES);
    let mut aliases = vec![surname.clone()];
    let extra = rng.below(3);
    if extra >= 1 {
        let titled = format!("{} {surname}", rng.pick(TITLES));
        if taken.take(&titled) {
            aliases.push(titled);
        }
    }
    if extra >= 2 {
        let described = format!("the {adjective} {office}");
        if taken.take(&described) {
            aliases.push(described);
        }
    }
    let name = format!("{first} {surname}");
    NoteSpec {
        kind: Kind::Person,
        slug: slug_of(&name),
        name,
        aliases,
        detail: capitalize(office),
        nationality: adjective.to_string(),
    }
}

fn place(rng: &mut Rng, taken: &mut Taken) -> NoteSpec {
    let name = loop {
        let syllables = rng.between(1, 2);
        let stem = invented_word(rng, syllables);
        let name = capitalize(&format!("{stem}{}", rng.pick(PLACE_ENDINGS)));
        if taken.take(&name) {
            break name;
        }
    };
    let mut aliases = Vec::new();
    let forms = [
        format!("{name} Province"),
        format!("{name} City"),
        format!("the {name} valley"),
    ];
    let wanted = rng.between(1, 3);
    for form in forms.into_iter().take(wanted) {
        if taken.take(&form) {
            aliases.push(form);
        }
    }
    let (country, _) = *rng.pick(COUNTRIES);
    NoteSpec {
        kind: Kind::Place,
        slug: slug_of(&name),
        name,
        aliases,
        detail: country.to_string(),
        nationality: String::new(),
    }
}

fn organization(rng: &mut Rng, taken: &mut Taken) -> NoteSpec {
    let (name, subject, kind) = loop {
        let subject = *rng.pick(ORG_SUBJECTS);
        let kind = *rng.pick(ORG_KINDS);
        let name = format!("{} {subject} {kind}", rng.pick(ORG_ADJECTIVES));
        if taken.take(&name) {
            break (name, subject, kind);
        }
    };
    let mut aliases = Vec::new();
    let acronym: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
    if taken.take(&acronym) {
        aliases.push(acronym);
    }
    let short = format!("the {subject} {kind}");
    if (aliases.is_empty() || rng.chance(0.6)) && taken.take(&short) {
        aliases.push(short);
    }
    if aliases.is_empty() || rng.chance(0.2) {
        let named = format!("{name} Secretariat");
        if taken.take(&named) {
            aliases.push(named);
        }
    }
    NoteSpec {
        kind: Kind::Organization,
        slug: slug_of(&name),
        name,
        aliases,
        detail: String::new(),
        nationality: String::new(),
    }
}

/// The Markdown file of a note.
pub fn note_file(note: &NoteSpec, rng: &mut Rng) -> String {
    use crate::yaml::{list, scalar};
    let mut out = String::from("---\n");
    out.push_str(&format!("name: {}\n", scalar(&note.name)));
    if !note.aliases.is_empty() {
        out.push_str(&format!("aliases: {}\n", list(&note.aliases)));
    }
    let summary = match note.kind {
        Kind::Person => format!(
            "{} {} of {}, in office since {}.",
            note.nationality,
            note.detail.to_lowercase(),
            note.name,
            2005 + rng.below(15)
        ),
        Kind::Place => format!(
            "A {} town in {}, on the {} railway.",
            rng.pick(ADJECTIVES),
            note.detail,
            rng.pick(ADJECTIVES)
        ),
        Kind::Organization => format!(
            "A {} body that oversees {} policy.",
            rng.pick(ADJECTIVES),
            rng.pick(NOUNS)
        ),
    };
    out.push_str(&format!("summary: {}\n", scalar(&summary)));
    match note.kind {
        Kind::Person => {
            out.push_str(&format!("role: {}\n", scalar(&note.detail)));
            out.push_str(&format!("nationality: {}\n", scalar(&note.nationality)));
            out.push_str(&format!("born: \"{}\"\n", 1940 + rng.below(45)));
        }
        Kind::Place => {
            out.push_str(&format!("country: {}\n", scalar(&note.detail)));
            let lat = rng.unit() * 120.0 - 60.0;
            let lon = rng.unit() * 340.0 - 170.0;
            out.push_str(&format!("coords: [{lat:.3}, {lon:.3}]\n"));
            out.push_str(&format!(
                "population: \"{}\"\n",
                1000 + rng.below(2_000_000)
            ));
        }
        Kind::Organization => {}
    }
    out.push_str(&format!(
        "updated: 2024-{:02}-{:02}\n",
        1 + rng.below(12),
        1 + rng.below(28)
    ));
    out.push_str(&format!("tags: [{}]\n", rng.pick(TAGS)));
    out.push_str("---\n\n");
    for _ in 0..2 {
        let sentences: Vec<String> = (0..rng.between(2, 4))
            .map(|_| {
                format!(
                    "{} {} the {} {} {} {}.",
                    note.name,
                    rng.pick(VERBS),
                    rng.pick(ADJECTIVES),
                    rng.pick(NOUNS),
                    rng.pick(PREPOSITIONS),
                    rng.pick(WHEN)
                )
            })
            .collect();
        out.push_str(&sentences.join(" "));
        out.push_str("\n\n");
    }
    out
}

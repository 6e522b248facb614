//! One generated briefing: its front matter and its Markdown body, kept as tokens so that
//! the reader text (what quotes are matched against) is known exactly.

use chrono::{Days, NaiveDate};

use crate::notes::{Kind, NoteSpec};
use crate::rng::{Rng, Zipf};
use crate::words::*;

/// A word (or a few words that stay together) of the body.
#[derive(Debug, Clone, Default)]
pub struct Token {
    /// The words as a reader sees them.
    pub word: String,
    /// A `"` opens before the word.
    pub open: bool,
    /// Punctuation right after the word.
    pub punct: &'static str,
    /// A `"` closes after the punctuation.
    pub close: bool,
    /// Rendered as inline code.
    pub code: bool,
    /// The note this word names, when it is exactly a note's name or alias.
    pub name: Option<usize>,
}

impl Token {
    fn word(word: impl Into<String>) -> Token {
        Token {
            word: word.into(),
            ..Token::default()
        }
    }

    /// The token's reader text.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.word.len() + 3);
        if self.open {
            out.push('"');
        }
        out.push_str(&self.word);
        out.push_str(self.punct);
        if self.close {
            out.push('"');
        }
        out
    }

    /// Where the word starts within [`Token::text`].
    pub fn word_offset(&self) -> usize {
        usize::from(self.open)
    }

    /// Whether emphasis or a link may wrap it.
    fn markable(&self) -> bool {
        !self.open && self.punct.is_empty() && !self.close && !self.code
    }
}

/// Emphasis, strong emphasis or a link over a run of tokens.
#[derive(Debug, Clone)]
pub struct Markup {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// What it is.
    pub kind: MarkupKind,
}

/// The kinds of [`Markup`].
#[derive(Debug, Clone)]
pub enum MarkupKind {
    /// `*...*`
    Emphasis,
    /// `**...**`
    Strong,
    /// `[...](url)`
    Link(String),
}

/// What a block is.
#[derive(Debug, Clone)]
pub enum BlockKind {
    /// `## ...`
    Heading,
    /// A paragraph.
    Paragraph,
    /// An item of a bullet list (consecutive items make one list).
    Item,
    /// A paragraph in a block quote.
    Quote,
    /// A fenced code block (not reader text).
    Code {
        /// The info string.
        lang: &'static str,
        /// The code.
        text: String,
    },
}

/// A block of the body.
#[derive(Debug, Clone)]
pub struct Block {
    /// Its kind.
    pub kind: BlockKind,
    /// Its words (none for code).
    pub tokens: Vec<Token>,
    /// Inline markup, not overlapping, sorted.
    pub markup: Vec<Markup>,
}

/// Reported speech: tokens `start..end` of block `block` are the words in quotation
/// marks, attributed to note `person`.
#[derive(Debug, Clone, Copy)]
pub struct Speech {
    /// Block index.
    pub block: usize,
    /// First token (the one with the opening mark).
    pub start: usize,
    /// One past the last token (the one with the closing mark).
    pub end: usize,
    /// The person's note index.
    pub person: usize,
}

/// A generated briefing.
#[derive(Debug, Clone)]
pub struct Article {
    /// File stem.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Date.
    pub date: NaiveDate,
    /// A time of day (`HH:MM`), sometimes.
    pub time: Option<String>,
    /// The bottom line, Markdown.
    pub summary: String,
    /// Publication, author, URL.
    pub source: (String, String, String),
    /// Tags.
    pub tags: Vec<String>,
    /// The body.
    pub blocks: Vec<Block>,
    /// Reported speech in the body.
    pub speeches: Vec<Speech>,
}

/// What every article shares: the notes and how often each is picked.
pub struct Shared<'a> {
    /// All notes.
    pub notes: &'a [NoteSpec],
    /// Notes in popularity order.
    pub by_popularity: Vec<usize>,
    /// Popularity weights.
    pub zipf: Zipf,
}

impl<'a> Shared<'a> {
    /// Popularity is a seeded shuffle of the notes.
    pub fn new(notes: &'a [NoteSpec], seed: u64) -> Self {
        let mut by_popularity: Vec<usize> = (0..notes.len()).collect();
        Rng::stream(seed, u64::MAX - 1).shuffle(&mut by_popularity);
        Shared {
            notes,
            by_popularity,
            zipf: Zipf::new(notes.len(), 0.9),
        }
    }
}

/// Generates briefing number `index`.
pub fn generate(shared: &Shared<'_>, seed: u64, index: usize) -> Article {
    let mut rng = Rng::stream(seed, index as u64);
    let cast = cast(shared, &mut rng);
    let mut w = Writer {
        rng,
        notes: shared.notes,
        used: vec![false; cast.len()],
        cast,
        blocks: Vec::new(),
        speeches: Vec::new(),
        words: 0,
    };
    let date = NaiveDate::from_ymd_opt(2015, 1, 1).expect("valid date")
        + Days::new(w.rng.below(3650) as u64);
    let time = w
        .rng
        .chance(0.3)
        .then(|| format!("{:02}:{:02}", w.rng.below(24), 5 * w.rng.below(12)));
    let title_tokens = w.heading_tokens(true);
    let title = join(&title_tokens);
    let summary = w.summary();
    let target = w.rng.between(720, 880);
    w.body(target);
    let slug_words: Vec<String> = title_tokens
        .iter()
        .flat_map(|t| t.word.split(' '))
        .take(4)
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let slug = format!("{date}-{index:06}-{}", slug_words.join("-"));
    let mut tags: Vec<String> = (0..w.rng.between(1, 3))
        .map(|_| w.rng.pick(TAGS).to_string())
        .collect();
    tags.sort();
    tags.dedup();
    let source = (
        w.rng.pick(PUBLICATIONS).to_string(),
        format!(
            "{} {}",
            w.rng.pick(FIRST_NAMES),
            capitalize(w.rng.pick::<&str>(SYLLABLES))
        ),
        format!("https://news.example.com/{}/{index}", date.format("%Y/%m")),
    );
    Article {
        slug,
        title,
        date,
        time,
        summary,
        source,
        tags,
        blocks: w.blocks,
        speeches: w.speeches,
    }
}

/// The notes an article talks about: 5 to 12, at least two people.
fn cast(shared: &Shared<'_>, rng: &mut Rng) -> Vec<usize> {
    let wanted = rng.between(5, 12);
    let mut cast: Vec<usize> = Vec::with_capacity(wanted);
    let mut people = 0;
    let mut tries = 0;
    while (cast.len() < wanted || people < 2) && tries < 10_000 {
        tries += 1;
        let note = shared.by_popularity[shared.zipf.sample(rng)];
        if cast.contains(&note) {
            continue;
        }
        let is_person = shared.notes[note].kind == Kind::Person;
        if cast.len() >= wanted && !is_person {
            continue;
        }
        people += usize::from(is_person);
        cast.push(note);
    }
    cast
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn join(tokens: &[Token]) -> String {
    tokens.iter().map(Token::text).collect::<Vec<_>>().join(" ")
}

/// Capitalises the first token of a sentence; a note's name that starts in lower case
/// ("the ... envoy") is then no longer the name as written, so it stops counting as one.
fn capitalize_first(tokens: &mut [Token]) {
    if let Some(first) = tokens.first_mut() {
        let capital = capitalize(&first.word);
        if capital != first.word {
            first.word = capital;
            first.name = None;
        }
    }
}

struct Writer<'a> {
    rng: Rng,
    notes: &'a [NoteSpec],
    cast: Vec<usize>,
    used: Vec<bool>,
    blocks: Vec<Block>,
    speeches: Vec<Speech>,
    words: usize,
}

impl Writer<'_> {
    /// A cast member, preferring those not named yet.
    fn member(&mut self, person: bool) -> usize {
        let candidates: Vec<usize> = (0..self.cast.len())
            .filter(|&i| !person || self.notes[self.cast[i]].kind == Kind::Person)
            .collect();
        let unused: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| !self.used[i])
            .collect();
        if !unused.is_empty() && self.rng.chance(0.6) {
            *self.rng.pick(&unused)
        } else {
            *self.rng.pick(&candidates)
        }
    }

    /// A note's name as the text uses it: the full name first, then mostly aliases.
    fn name(&mut self, person: bool) -> Token {
        let member = self.member(person);
        let note_index = self.cast[member];
        let note = &self.notes[note_index];
        let form = if !self.used[member] || note.aliases.is_empty() || self.rng.chance(0.3) {
            note.name.clone()
        } else {
            self.rng.pick(&note.aliases).clone()
        };
        self.used[member] = true;
        Token {
            word: form,
            name: Some(note_index),
            ..Token::default()
        }
    }

    fn noun_phrase(&mut self, out: &mut Vec<Token>) {
        match self.rng.below(10) {
            0..=2 => out.push(self.name(false)),
            3 => {
                out.push(Token::word("the"));
                out.push(Token::word(*self.rng.pick(NOUNS)));
                out.push(Token::word("of"));
                out.push(self.name(false));
            }
            4 if self.rng.chance(0.3) => {
                out.push(Token::word("the"));
                out.push(Token {
                    word: self.rng.pick(IDENTIFIERS).to_string(),
                    code: true,
                    ..Token::default()
                });
                out.push(Token::word("figures"));
            }
            5 => {
                let n = self.rng.between(2, 95);
                out.push(Token::word(format!("{n} percent")));
                out.push(Token::word("of"));
                out.push(Token::word("the"));
                out.push(Token::word(*self.rng.pick(NOUNS)));
            }
            _ => {
                out.push(Token::word("the"));
                if self.rng.chance(0.6) {
                    out.push(Token::word(*self.rng.pick(ADJECTIVES)));
                }
                out.push(Token::word(*self.rng.pick(NOUNS)));
            }
        }
    }

    fn clause(&mut self, out: &mut Vec<Token>) {
        self.noun_phrase(out);
        if self.rng.chance(0.2) {
            out.push(Token::word(*self.rng.pick(ADVERBS)));
        }
        out.push(Token::word(*self.rng.pick(VERBS)));
        self.noun_phrase(out);
        if self.rng.chance(0.5) {
            out.push(Token::word(*self.rng.pick(PREPOSITIONS)));
            self.noun_phrase(out);
        }
        if self.rng.chance(0.4) {
            out.push(Token::word(*self.rng.pick(WHEN)));
        }
    }

    fn sentence(&mut self) -> Vec<Token> {
        let mut out = Vec::with_capacity(24);
        self.clause(&mut out);
        if self.rng.chance(0.5) {
            let (punct, joiner) = *self.rng.pick(JOINERS);
            if let Some(last) = out.last_mut() {
                last.punct = punct;
            }
            out.push(Token::word(joiner));
            self.clause(&mut out);
        }
        capitalize_first(&mut out);
        if let Some(last) = out.last_mut() {
            last.punct = ".";
        }
        out
    }

    /// `"...," said <person>.`; returns the tokens and the range of the quoted words.
    fn speech(&mut self) -> (Vec<Token>, usize, usize, usize) {
        let mut out = Vec::with_capacity(24);
        self.clause(&mut out);
        capitalize_first(&mut out);
        let end = out.len();
        if let Some(first) = out.first_mut() {
            first.open = true;
        }
        if let Some(last) = out.last_mut() {
            last.punct = ",";
            last.close = true;
        }
        let person = self.name(true);
        let note = person.name.expect("a person's name");
        let said = *self.rng.pick(SAID);
        if self.rng.chance(0.5) {
            out.push(Token::word(said));
            out.push(person);
        } else {
            out.push(person);
            out.push(Token::word(said));
        }
        if let Some(last) = out.last_mut() {
            last.punct = ".";
        }
        (out, 0, end, note)
    }

    fn heading_tokens(&mut self, title: bool) -> Vec<Token> {
        let mut out = Vec::new();
        if self.rng.chance(0.5) {
            out.push(self.name(false));
        } else {
            out.push(Token::word(*self.rng.pick(ADJECTIVES)));
            out.push(Token::word(*self.rng.pick(NOUNS)));
        }
        out.push(Token::word(*self.rng.pick(VERBS)));
        if title || self.rng.chance(0.5) {
            out.push(Token::word(*self.rng.pick(PREPOSITIONS)));
            if self.rng.chance(0.5) {
                out.push(self.name(false));
            } else {
                out.push(Token::word("the"));
                out.push(Token::word(*self.rng.pick(NOUNS)));
            }
        }
        capitalize_first(&mut out);
        out
    }

    fn summary(&mut self) -> String {
        let mut tokens = self.sentence();
        if tokens.len() > 3 && self.rng.chance(0.5) {
            let i = self.rng.below(tokens.len() - 1);
            if tokens[i].markable() {
                tokens[i].word = format!("*{}*", tokens[i].word);
            }
        }
        // The summary is not part of the body: names in it are not counted.
        join(&tokens)
    }

    fn push(&mut self, kind: BlockKind, tokens: Vec<Token>) -> usize {
        self.words += tokens
            .iter()
            .map(|t| t.word.split(' ').count())
            .sum::<usize>();
        let markup = match kind {
            BlockKind::Paragraph | BlockKind::Item | BlockKind::Quote => {
                self.markup(&tokens, &kind)
            }
            _ => Vec::new(),
        };
        self.blocks.push(Block {
            kind,
            tokens,
            markup,
        });
        self.blocks.len() - 1
    }

    fn markup(&mut self, tokens: &[Token], kind: &BlockKind) -> Vec<Markup> {
        let wanted = match kind {
            BlockKind::Paragraph => self.rng.below(4),
            _ => self.rng.below(2),
        };
        let mut markup: Vec<Markup> = Vec::new();
        for _ in 0..wanted {
            let len = self.rng.between(1, 4);
            if tokens.len() <= len {
                continue;
            }
            let start = self.rng.below(tokens.len() - len);
            let end = start + len;
            let free = markup.iter().all(|m| m.end <= start || end <= m.start);
            if !free || !tokens[start..end].iter().all(Token::markable) {
                continue;
            }
            let kind = match self.rng.below(4) {
                0 | 1 => MarkupKind::Emphasis,
                2 => MarkupKind::Strong,
                _ => MarkupKind::Link(format!(
                    "https://example.org/{}/{}",
                    self.rng.pick(NOUNS),
                    self.rng.below(10_000)
                )),
            };
            markup.push(Markup { start, end, kind });
        }
        markup.sort_by_key(|m| m.start);
        markup
    }

    fn paragraph(&mut self, kind: BlockKind) {
        let mut tokens = Vec::new();
        let mut speech = None;
        for _ in 0..self.rng.between(3, 6) {
            if speech.is_none() && self.rng.chance(0.3) {
                let (s, start, end, person) = self.speech();
                let offset = tokens.len();
                speech = Some((offset + start, offset + end, person));
                tokens.extend(s);
            } else {
                tokens.extend(self.sentence());
            }
        }
        let block = self.push(kind, tokens);
        if let Some((start, end, person)) = speech {
            self.speeches.push(Speech {
                block,
                start,
                end,
                person,
            });
        }
    }

    fn body(&mut self, target: usize) {
        self.paragraph(BlockKind::Paragraph);
        self.paragraph(BlockKind::Paragraph);
        let mut section = 0;
        while self.words < target {
            let heading = self.heading_tokens(false);
            self.push(BlockKind::Heading, heading);
            match section % 4 {
                1 => {
                    self.paragraph(BlockKind::Paragraph);
                    for _ in 0..self.rng.between(3, 5) {
                        let item = self.sentence();
                        self.push(BlockKind::Item, item);
                    }
                }
                2 => {
                    self.paragraph(BlockKind::Paragraph);
                    self.paragraph(BlockKind::Quote);
                }
                3 if self.rng.chance(0.5) => {
                    self.paragraph(BlockKind::Paragraph);
                    self.code_block();
                }
                _ => {}
            }
            self.paragraph(BlockKind::Paragraph);
            self.paragraph(BlockKind::Paragraph);
            section += 1;
        }
    }

    fn code_block(&mut self) {
        let (lang, lines) = *self.rng.pick(CODE_BLOCKS);
        let n = self.rng.between(10, 99_999).to_string();
        let text: Vec<String> = lines.iter().map(|l| l.replace("{n}", &n)).collect();
        self.blocks.push(Block {
            kind: BlockKind::Code {
                lang,
                text: text.join("\n"),
            },
            tokens: Vec::new(),
            markup: Vec::new(),
        });
    }
}

impl Article {
    /// The Markdown body.
    pub fn body_markdown(&self) -> String {
        let mut out = String::with_capacity(6000);
        let mut previous_item = false;
        for block in &self.blocks {
            let is_item = matches!(block.kind, BlockKind::Item);
            let continues_list = is_item && previous_item;
            if !out.is_empty() && !continues_list {
                out.push('\n');
            }
            previous_item = is_item;
            match &block.kind {
                BlockKind::Heading => {
                    out.push_str("## ");
                    out.push_str(&join(&block.tokens));
                    out.push('\n');
                }
                BlockKind::Paragraph => wrap(&mut out, &pieces(block), ""),
                BlockKind::Quote => wrap(&mut out, &pieces(block), "> "),
                BlockKind::Item => {
                    out.push_str("- ");
                    out.push_str(&pieces(block).join(" "));
                    out.push('\n');
                }
                BlockKind::Code { lang, text } => {
                    out.push_str("```");
                    out.push_str(lang);
                    out.push('\n');
                    out.push_str(text);
                    out.push_str("\n```\n");
                }
            }
        }
        out
    }
}

/// The Markdown of each token, with the markup that opens before or closes after it.
fn pieces(block: &Block) -> Vec<String> {
    let mut out = Vec::with_capacity(block.tokens.len());
    for (i, token) in block.tokens.iter().enumerate() {
        let mut piece = String::new();
        for m in block.markup.iter().filter(|m| m.start == i) {
            piece.push_str(match m.kind {
                MarkupKind::Emphasis => "*",
                MarkupKind::Strong => "**",
                MarkupKind::Link(_) => "[",
            });
        }
        if token.code {
            piece.push('`');
            piece.push_str(&token.word);
            piece.push('`');
        } else {
            piece.push_str(&token.text());
        }
        for m in block.markup.iter().filter(|m| m.end == i + 1) {
            match &m.kind {
                MarkupKind::Emphasis => piece.push('*'),
                MarkupKind::Strong => piece.push_str("**"),
                MarkupKind::Link(url) => {
                    piece.push_str("](");
                    piece.push_str(url);
                    piece.push(')');
                }
            }
        }
        out.push(piece);
    }
    out
}

/// Writes pieces as lines of about 78 columns, each starting with `lead`; a line never
/// starts with a digit (which could read as a list marker).
fn wrap(out: &mut String, pieces: &[String], lead: &str) {
    let mut line = String::from(lead);
    for piece in pieces {
        let starts_with_digit = piece.starts_with(|c: char| c.is_ascii_digit());
        if line.len() > lead.len() && line.len() + piece.len() > 78 && !starts_with_digit {
            out.push_str(&line);
            out.push('\n');
            line = String::from(lead);
        }
        if line.len() > lead.len() {
            line.push(' ');
        }
        line.push_str(piece);
    }
    out.push_str(&line);
    out.push('\n');
}

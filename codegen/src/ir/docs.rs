//! Documentation text: spec prose cleaned into rustdoc-safe Markdown lines.

/// Documentation of one item, as Markdown lines (emitted one `///` line each).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs {
    lines: Vec<String>,
}

impl Docs {
    /// No documentation yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Documentation that is one paragraph of spec prose.
    pub fn from_prose(text: &str) -> Self {
        let mut docs = Self::new();
        docs.para(text);
        docs
    }

    /// Appends a paragraph of spec prose (cleaned), separated by a blank line.
    pub fn para(&mut self, text: &str) -> &mut Self {
        let text = text.trim();
        if text.is_empty() {
            return self;
        }
        self.blank();
        for line in text.lines() {
            self.lines.push(clean(line.trim_end()));
        }
        self
    }

    /// Appends a paragraph of Markdown written by the generator (not cleaned).
    pub fn markdown(&mut self, text: &str) -> &mut Self {
        self.blank();
        self.lines.extend(text.lines().map(str::to_string));
        self
    }

    /// Appends a bulleted list of generator-written Markdown items.
    pub fn bullets(&mut self, items: &[String]) -> &mut Self {
        if items.is_empty() {
            return self;
        }
        self.blank();
        self.lines.extend(items.iter().map(|i| format!("- {i}")));
        self
    }

    /// Appends errata notes as a "Notes" paragraph.
    pub fn notes(&mut self, notes: &[String]) -> &mut Self {
        if notes.is_empty() {
            return self;
        }
        self.blank();
        self.lines
            .push("**Notes** (where the API reference differs):".into());
        self.lines.push(String::new());
        for note in notes {
            self.lines.push(format!("- {}", clean(note.trim())));
        }
        self
    }

    /// Appends a fenced code block (lines verbatim).
    pub fn code(&mut self, fence: &str, code: &[String]) -> &mut Self {
        self.blank();
        self.lines.push(format!("```{fence}"));
        self.lines.extend(code.iter().cloned());
        self.lines.push("```".into());
        self
    }

    fn blank(&mut self) {
        if !self.lines.is_empty() && self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// The lines.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// Whether there is no documentation.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// Makes one line of spec prose safe for rustdoc: outside code spans, `[`, `]`, `<` and
/// `>` are escaped (no accidental links or HTML tags) and bare URLs are put in `<...>`.
pub fn clean(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code {
            if let Some(url_len) = url_at(rest) {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
                rest = &rest[url_len..];
                continue;
            }
            if matches!(c, '[' | ']' | '<' | '>' | '*' | '\\') {
                out.push('\\');
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of a bare URL starting at `text`, if one does (with at least one character
/// after the scheme), minus trailing punctuation.
fn url_at(text: &str) -> Option<usize> {
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|s| text.starts_with(s))?;
    let len = text
        .find(|c: char| c.is_whitespace() || c == '`' || c == '<' || c == '>')
        .unwrap_or(text.len());
    let url = text[..len].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
    (url.len() > scheme.len()).then_some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_outside_code_spans() {
        assert_eq!(clean("a [b] <c> `[d] <e>`"), r"a \[b\] \<c\> `[d] <e>`");
        assert_eq!(clean("2*3"), r"2\*3");
    }

    #[test]
    fn wraps_bare_urls() {
        assert_eq!(
            clean("see https://example.com/x. Or `http://` only"),
            "see <https://example.com/x>. Or `http://` only"
        );
        assert_eq!(clean("starts with http:// or"), r"starts with http:// or");
    }

    #[test]
    fn paragraphs_are_separated_by_one_blank_line() {
        let mut d = Docs::new();
        d.para("One.").para("").para("Two.");
        assert_eq!(d.lines(), ["One.", "", "Two."]);
    }
}

//! The formula lexer: text → tokens, each with its 1-based line and column (counted in
//! characters, so that a Chinese name is one column per character).

use rust_decimal::Decimal;

use super::error::{FormulaError, FormulaErrorKind};
use super::{MAX_NODES, MAX_TEXT_BYTES};

/// A position in a formula's text: 1-based line and column, in characters. `0:0` for a
/// node built by hand rather than parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// A binary operator or a punctuation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Punct {
    Plus,
    Minus,
    Star,
    Slash,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    LParen,
    RParen,
    Comma,
}

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// A decimal literal (a trailing `%` already applied).
    Number(Decimal),
    /// A string literal, without its quotes.
    Str(&'a str),
    /// A name, keyword or function name.
    Ident(&'a str),
    /// An operator or punctuation.
    Punct(Punct),
    /// The end of the text.
    End,
}

/// A token, where it starts, and its text as written.
#[derive(Debug, Clone)]
pub(crate) struct Token<'a> {
    pub(crate) tok: Tok<'a>,
    pub(crate) pos: Pos,
    pub(crate) text: &'a str,
}

/// Whether `c` may start a name: a letter of any script or `_`.
pub(crate) fn is_name_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

/// Whether `c` may continue a name.
pub(crate) fn is_name_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Whether `s` is a well-formed name.
pub(crate) fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_continue)
}

struct Lexer<'a> {
    text: &'a str,
    /// Byte offset of the next character.
    at: usize,
    line: u32,
    column: u32,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut c = self.text[self.at..].chars();
        c.next();
        c.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn error(&self, pos: Pos, token: &str, message: impl Into<String>) -> FormulaError {
        FormulaError::new(FormulaErrorKind::Syntax, message).at(pos.line, pos.column, token)
    }

    fn next_token(&mut self) -> Result<Token<'a>, FormulaError> {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
        let start = self.at;
        let pos = self.pos();
        let Some(c) = self.bump() else {
            return Ok(Token {
                tok: Tok::End,
                pos,
                text: "",
            });
        };
        let tok = match c {
            '0'..='9' => self.number(start, pos)?,
            '"' | '“' => self.string(c, start, pos)?,
            c if is_name_start(c) => {
                while self.peek().is_some_and(is_name_continue) {
                    self.bump();
                }
                Tok::Ident(&self.text[start..self.at])
            }
            '+' => Tok::Punct(Punct::Plus),
            '-' | '−' => Tok::Punct(Punct::Minus),
            '*' | '×' => Tok::Punct(Punct::Star),
            '/' | '÷' => Tok::Punct(Punct::Slash),
            '=' => Tok::Punct(Punct::Eq),
            '≠' => Tok::Punct(Punct::Ne),
            '≤' => Tok::Punct(Punct::Le),
            '≥' => Tok::Punct(Punct::Ge),
            '<' => match self.peek() {
                Some('=') => {
                    self.bump();
                    Tok::Punct(Punct::Le)
                }
                Some('>') => {
                    self.bump();
                    Tok::Punct(Punct::Ne)
                }
                _ => Tok::Punct(Punct::Lt),
            },
            '>' => {
                if self.peek() == Some('=') {
                    self.bump();
                    Tok::Punct(Punct::Ge)
                } else {
                    Tok::Punct(Punct::Gt)
                }
            }
            '(' | '（' => Tok::Punct(Punct::LParen),
            ')' | '）' => Tok::Punct(Punct::RParen),
            ',' | '，' => Tok::Punct(Punct::Comma),
            other => {
                let text = &self.text[start..self.at];
                let hint = match other {
                    '!' => "; write <> (or ≠) for \"not equal\" and not for negation",
                    '&' | '|' => "; write and, or",
                    '^' => "; there is no power operator: multiply",
                    '%' => "; % follows a number, as in 5%",
                    _ => "",
                };
                return Err(self.error(pos, text, format!("unexpected character{hint}")));
            }
        };
        Ok(Token {
            tok,
            pos,
            text: &self.text[start..self.at],
        })
    }

    /// A decimal literal: digits, an optional fraction, an optional `%`.
    fn number(&mut self, start: usize, pos: Pos) -> Result<Tok<'a>, FormulaError> {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
        if self.peek() == Some('.') {
            if !self.peek2().is_some_and(|c| c.is_ascii_digit()) {
                self.bump();
                let text = &self.text[start..self.at];
                return Err(self.error(pos, text, "a digit must follow the decimal point"));
            }
            self.bump();
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.bump();
            }
        }
        let digits = &self.text[start..self.at];
        let percent = self.peek() == Some('%');
        if percent {
            self.bump();
        }
        let text = &self.text[start..self.at];
        if self.peek().is_some_and(is_name_continue) {
            self.bump();
            let text = &self.text[start..self.at];
            return Err(self.error(pos, text, "a number must not run into a name"));
        }
        let too_big = || {
            self.error(
                pos,
                text,
                "this number does not fit a decimal (at most 28 digits after the point, and below 7.9 × 10²⁸)",
            )
        };
        let mut value = Decimal::from_str_exact(digits).map_err(|_| too_big())?;
        if percent {
            value.set_scale(value.scale() + 2).map_err(|_| too_big())?;
        }
        Ok(Tok::Number(value))
    }

    /// A string literal between `"` … `"` or `“` … `”`; no escapes.
    fn string(&mut self, open: char, start: usize, pos: Pos) -> Result<Tok<'a>, FormulaError> {
        let close = if open == '"' { '"' } else { '”' };
        let body = self.at;
        loop {
            match self.bump() {
                Some(c) if c == close => break,
                Some('\n') | None => {
                    let text = &self.text[start..self.at];
                    return Err(self.error(pos, text, "this string is not closed"));
                }
                Some(_) => {}
            }
        }
        Ok(Tok::Str(&self.text[body..self.at - close.len_utf8()]))
    }
}

/// Splits `text` into tokens, ending with [`Tok::End`].
///
/// # Errors
///
/// [`FormulaErrorKind::Limit`] when the text is longer than [`MAX_TEXT_BYTES`] or has
/// more tokens than a formula of [`MAX_NODES`] nodes can use;
/// [`FormulaErrorKind::Syntax`] on a character or literal the language does not know.
pub(crate) fn tokens(text: &str) -> Result<Vec<Token<'_>>, FormulaError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(FormulaError::new(
            FormulaErrorKind::Limit,
            format!(
                "the formula is {} bytes long, above the limit of {MAX_TEXT_BYTES}",
                text.len()
            ),
        ));
    }
    let mut lexer = Lexer {
        text,
        at: 0,
        line: 1,
        column: 1,
    };
    let mut out = Vec::new();
    loop {
        let t = lexer.next_token()?;
        let end = t.tok == Tok::End;
        // every node needs at most a few tokens (a call: name, parentheses and commas)
        if out.len() > 4 * MAX_NODES {
            return Err(FormulaError::new(
                FormulaErrorKind::Limit,
                format!("the formula has more than {} tokens", 4 * MAX_NODES),
            )
            .at(t.pos.line, t.pos.column, t.text));
        }
        out.push(t);
        if end {
            return Ok(out);
        }
    }
}

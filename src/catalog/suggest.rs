//! "Did you mean …?" for misspelled ids, and looking ids up by name.

use crate::model::pack::Pack;
use crate::model::pattern::{PatternCard, PatternId};
use crate::model::traits::TraitId;

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    // 0.8 keeps "global_user" -> "global_users" and drops unrelated words.
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}

/// ` (did you mean 'x'?)`, or nothing when no candidate is close.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match closest(word, candidates) {
        Some(c) => format!(" (did you mean '{c}'?)"),
        None => String::new(),
    }
}

impl Pack {
    /// The id of a trait, or a message with the closest valid id.
    pub fn lookup_trait(&self, name: &str) -> Result<TraitId, String> {
        self.trait_index.get(name).copied().ok_or_else(|| {
            format!(
                "unknown trait '{name}'{}",
                did_you_mean(name, self.traits.iter().map(|t| t.id.as_str()))
            )
        })
    }
    /// The id of a pattern, or a message with the closest valid id. Files name
    /// patterns by exact id; an alias or a name is only suggested.
    pub fn lookup_pattern(&self, name: &str) -> Result<PatternId, String> {
        self.pattern_index.get(name).copied().ok_or_else(|| {
            let suggestion = match self.match_pattern(name) {
                Some(id) => format!(" (did you mean '{}'?)", self.patterns[id.0 as usize].id),
                None => did_you_mean(name, self.patterns.iter().map(|p| p.id.as_str())),
            };
            format!("unknown pattern '{name}'{suggestion}")
        })
    }

    /// The pattern a person means by `query` on the command line: its id in
    /// any case, with spaces or hyphens for underscores (`CDN`,
    /// `circuit-breaker`), one of its aliases (`outbox`) or its name (`Blob/Object
    /// Storage`, `Load Balancing`). Otherwise a message with the closest
    /// patterns, and where to find them all.
    pub fn resolve_pattern(&self, query: &str) -> Result<PatternId, String> {
        if let Some(id) = self.match_pattern(query) {
            return Ok(id);
        }
        let key = pattern_key(query);
        let mut ranked: Vec<(f64, usize)> = self
            .patterns
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let score = keys(p)
                    .map(|k| strsim::jaro_winkler(&key, &k))
                    .fold(0.0, f64::max);
                (score, i)
            })
            .collect();
        // Best first; ties in catalog order.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let id = |i: usize| self.patterns[i].id.as_str();
        let hint = match ranked.first() {
            Some(&(score, i)) if score >= 0.8 => format!(" (did you mean '{}'?)", id(i)),
            _ if ranked.is_empty() => String::new(),
            _ => {
                let names: Vec<&str> = ranked.iter().take(3).map(|&(_, i)| id(i)).collect();
                format!(" (closest: {})", names.join(", "))
            }
        };
        Err(format!(
            "unknown pattern '{query}'{hint}; `archpick list patterns` lists them all"
        ))
    }

    /// The pattern whose id, alias or name `query` is, compared by [`pattern_key`]:
    /// ids first, then aliases, then names, so an alias never hides an id.
    fn match_pattern(&self, query: &str) -> Option<PatternId> {
        if let Some(id) = self.pattern_index.get(query) {
            return Some(*id);
        }
        let key = pattern_key(query);
        let position =
            |matches: &dyn Fn(&PatternCard) -> bool| self.patterns.iter().position(matches);
        position(&|p| pattern_key(&p.id) == key)
            .or_else(|| position(&|p| p.aliases.iter().any(|a| pattern_key(a) == key)))
            .or_else(|| position(&|p| name_keys(&p.name).any(|k| k == key)))
            .map(|i| PatternId(i as u16))
    }
}

/// How a pattern's id, alias or name is compared with what a person typed:
/// lowercase, every run of other characters than letters and digits one `_`,
/// none at either end (`Blob/Object Storage` is `blob_object_storage`).
pub fn pattern_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        } else if !key.is_empty() && !key.ends_with('_') {
            key.push('_');
        }
    }
    if key.ends_with('_') {
        key.pop();
    }
    key
}

/// A name's keys: the whole name, and the name without what it adds in
/// parentheses (`Load Balancing (L4/L7)` is also `load_balancing`).
fn name_keys(name: &str) -> impl Iterator<Item = String> {
    let whole = pattern_key(name);
    let short = name.split_once('(').map(|(before, _)| pattern_key(before));
    std::iter::once(whole).chain(short)
}

/// Every key a pattern is known by, for ranking near misses.
fn keys(card: &PatternCard) -> impl Iterator<Item = String> + '_ {
    std::iter::once(pattern_key(&card.id))
        .chain(card.aliases.iter().map(|a| pattern_key(a)))
        .chain(name_keys(&card.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let ids = ["global_users", "traffic_volume", "data_size"];
        assert_eq!(closest("global_user", ids), Some("global_users"));
        assert_eq!(closest("trafic_volume", ids), Some("traffic_volume"));
        assert_eq!(closest("zebra", ids), None);
        assert_eq!(did_you_mean("zebra", ids), "");
    }

    #[test]
    fn pattern_keys_ignore_case_and_punctuation() {
        assert_eq!(pattern_key("CDN"), "cdn");
        assert_eq!(pattern_key("circuit-breaker"), "circuit_breaker");
        assert_eq!(pattern_key(" Blob/Object  Storage "), "blob_object_storage");
        assert_eq!(pattern_key("Webhooks & Outboxes"), "webhooks_outboxes");
        assert_eq!(pattern_key("--"), "");
    }

    #[test]
    fn files_name_patterns_by_id_but_hear_the_alias() {
        let pack = Pack::builtin().unwrap();
        assert!(pack.resolve_pattern("outbox").is_ok());
        assert_eq!(
            pack.lookup_pattern("outbox").unwrap_err(),
            "unknown pattern 'outbox' (did you mean 'webhooks_outbox'?)"
        );
    }
}

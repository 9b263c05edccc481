//! Unit tests of the population generator's internal consistency.

use super::*;

#[test]
fn counts_per_story() {
    let p = Population::default();
    for kind in StoryKind::ALL {
        let n = p.with_story(kind).count();
        eprintln!("{kind:?}: {n}");
        assert!(n > 0, "{kind:?}");
    }
    eprintln!("total {}", p.persons().len());
    let a = p.all_sources_person();
    for s in SourceId::ALL {
        assert!(a.known_to(s), "{s:?}");
    }
}

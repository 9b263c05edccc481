use underlag_sim::{Population, StoryKind};
#[test]
fn stats() {
    let pop = Population::default();
    for k in StoryKind::ALL {
        let ex = pop
            .with_story(k)
            .find(|p| k == StoryKind::AllSources || !p.has_story(StoryKind::AllSources))
            .unwrap();
        println!(
            "| {:?} | {} | {} | {:?} |",
            k,
            pop.with_story(k).count(),
            ex.personnummer.expose(),
            ex.stories
        );
    }
}

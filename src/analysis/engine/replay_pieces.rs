// Pieces typed or pasted by the replay test (`tests.rs`) and by the
// `incremental_edits` fuzz target (`fuzz/`), which includes this file,
// and the settings both replay under: a glossary name and a rejected
// variant, so that glossary verdicts are replayed too.
const PIECES: &[&str] = &[
    "",
    "a",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "Okonjo-Iwaela",
    "Okonjo-Iweala ",
    "Clearly, ",
    "```\n",
    "---\n",
    "<!-- ",
    " -->",
    "<!-- copydesk-disable claim.booster -->\n",
    "<!-- copydesk-enable -->\n",
    "copydesk-disable-next-line\n",
    "\\begin{verbatim}\n",
    "\\end{verbatim}\n",
    "$$",
    "% ",
    "    ",
    "- ",
    "[^1]",
    "Qaddafi ",
    "Nigeria",
    "😀",
    "東京",
    "Zelenskiy ",
    "Sarbanes-Oxely ",
    // An ordinary word as a name: counted by its uses mid-sentence and
    // undone by a use in lower case.
    "the Harvest Moon ",
    "Harvest Moon. ",
    "harvest ",
    "the Harvset Moon ",
];

fn settings() -> Settings {
    Settings {
        entities: EntitySettings {
            names: vec!["Sarbanes-Oxley".into()],
            glossary: vec![GlossaryName {
                canonical: "Volodymyr Zelensky".into(),
                variants: vec!["Zelenskiy".into()],
            }],
            ..EntitySettings::default()
        },
        ..Settings::default()
    }
}

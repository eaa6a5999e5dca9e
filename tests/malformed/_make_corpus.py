# ruff: noqa: E501, E702
"""Regenerate tests/malformed/*.yaml from _valid_base.yaml: one mistake per file.

Run from anywhere: `python tests/malformed/_make_corpus.py`. The expected line of each
problem is found from the text of the mistake (an anchor), not from the loader's output;
the expected message fragments are written here by hand.

Each spec: name, description, replacements [(old, new)] on the base body (or raw text),
and expectations [(anchor, rest)] where the line is the line of the first occurrence of
`anchor` in the final file body (below the header)."""
from pathlib import Path

OUT = Path(__file__).resolve().parent
base = (OUT / "_valid_base.yaml").read_text().split("\n", 1)[1]   # drop the first comment line


def make(name, desc, body, expects, raw_prefix=b"", raw_suffix=b"", nth=None):
    header = [f"# {desc}"]
    n_header = 1 + len(expects)
    lines = body.split("\n")
    for anchor, rest in expects:
        if isinstance(anchor, int):
            line = anchor
        elif isinstance(anchor, tuple):
            hits = [i for i, text in enumerate(lines) if anchor[0] in text]
            line = hits[anchor[1]] + 1 + n_header
        else:
            hits = [i for i, text in enumerate(lines) if anchor in text]
            assert hits, (name, anchor)
            line = hits[0] + 1 + n_header
        header.append(f"# expect: {line}: {rest}")
    text = "\n".join(header) + "\n" + body
    (OUT / f"{name}.yaml").write_bytes(raw_prefix + text.encode("utf-8") + raw_suffix)


def sub(*pairs):
    b = base
    for old, new in pairs:
        assert b.count(old) >= 1, old
        b = b.replace(old, new, 1)
    return b


specs = []
def spec(name, desc, body, *expects):
    specs.append((name, desc, body, list(expects)))

# --- not a scenario at all ---
spec("only_comments", "only comments", "# nothing but a comment\n", (1, "the file is empty"))
spec("top_list", "a list at the top level", "- negsim: 1\n- title: x\n", ("- negsim", "a scenario is a mapping of sections"))
spec("top_scalar", "a single word", "hello negsim\n", ("hello", "found a single value"))
spec("top_number", "a single number", "1\n", ("1", "found a single value"))
spec("unclosed_bracket", "an unclosed flow list", sub(("options: [open_door, moratorium, ban]", "options: [open_door, moratorium, ban")), ("status_quo: open_door", "issues[0].options[3]: not valid YAML: while parsing a flow sequence"))
spec("tab_indent", "a tab used for indentation", sub(("    name: Russia\n", "\tname: Russia\n")), ("\tname", "not valid YAML: a tab character is used for indentation (indent with spaces, not tabs)"))
spec("colon_in_value", "an unquoted colon inside a value", sub(("name: Russia", "name: Russia: Federation")), ("Russia: Federation", "parties[0]: not valid YAML: mapping values are not allowed"))
spec("two_documents", "a second YAML document", base + "---\nnegsim: 1\n", ("---", "a scenario is one document"))
spec("control_char", "a control character in a value", sub(("title: Base", "title: Ba\x07se")), ("title: Ba", "character #x0007 is not allowed"))
spec("missing_version", "no `negsim: 1` line", sub(("negsim: 1\n", "")), ("title:", "negsim: missing the format version: a negsim scenario starts with the line `negsim: 1`"))
spec("wrong_version", "format version 2", sub(("negsim: 1", "negsim: 2")), ("negsim: 2", "negsim: this negsim reads format version 1 (write `negsim: 1`); found 2"))
spec("version_as_text", "version given as quoted text", sub(("negsim: 1", "negsim: '1'")), ("negsim: '1'", "negsim: this negsim reads format version 1 (write `negsim: 1`); found '1'"))
# --- duplicate keys ---
spec("duplicate_top_key", "title given twice", sub(("summary:", "title: Another title\nsummary:")), ("title: Another", "title: duplicate key `title` (first given on line"))
spec("duplicate_nested_key", "no_deal given twice in a party", sub(("    power: 1.5\n", "    power: 1.5\n    no_deal: 0.5\n")), ("no_deal: 0.5", "parties[0].no_deal: duplicate key `no_deal`"))
spec("duplicate_flow_key", "the same issue twice in a flow mapping", sub(("weights: {nato: 3, missiles: 1}", "weights: {nato: 3, missiles: 1, nato: 2}")), ("weights: {nato: 3", "preferences.russia.weights.nato: duplicate key `nato`"))
spec("duplicate_numeric_point", "the same point twice on a numeric issue", sub(("missiles: {0: 0, 100: 1}", "missiles: {0: 0, 100: 1, 0: 0.5}")), ("missiles: {0: 0", "preferences.russia.values.missiles.0: duplicate key `0`"))
# --- misspelled keys ---
spec("misspelled_top_key", "`partys` for `parties`", sub(("parties:", "partys:")), ("partys:", "partys: unknown key `partys` (did you mean `parties`?)"))
spec("misspelled_party_key", "`no_dael` for `no_deal`", sub(("no_deal: 0.3", "no_dael: 0.3")), ("no_dael", "parties[0].no_dael: unknown key `no_dael` (did you mean `no_deal`?)"))
spec("misspelled_issue_key", "`option` for `options`", sub(("options: [open_door", "option: [open_door")), ("option: [open", "issues[0].option: unknown key `option` (did you mean `options`?)"))
spec("misspelled_preferences_key", "`demand` for `demands`", sub(("demands: {nato: ban}", "demand: {nato: ban}")), ("demand: {nato", "preferences.russia.demand: unknown key `demand` (did you mean `demands`?)"))
spec("misspelled_red_line_key", "`nevr` for `never`", sub(("never: [open_door]", "nevr: [open_door]")), ("nevr", "preferences.russia.red_lines[0].nevr: unknown key `nevr` (did you mean `never`?)"))
spec("misspelled_protocol_key", "`round` for `rounds`", sub(("rounds: 20", "round: 20")), ("round: 20", "protocol.round: unknown key `round` (did you mean `rounds`?)"))
spec("misspelled_game_key", "`payoff` for `payoffs`", sub(("    payoffs:\n", "    payoff:\n")), ("payoff:", "games[0].payoff: unknown key `payoff` (did you mean `payoffs`?)"))
# --- dangling references ---
spec("unknown_party_in_preferences", "preferences for a party that is not declared", sub(("  russia:\n    weights", "  rusia:\n    weights")), ("rusia:", "preferences.rusia: `rusia` is not a party (did you mean `russia`?)"))
spec("unknown_issue_in_weights", "a weight for an undeclared issue", sub(("weights: {nato: 3, missiles: 1}", "weights: {nato: 3, missile: 1}")), ("missile: 1}", "preferences.russia.weights.missile: `missile` is not an issue (did you mean `missiles`?)"))
spec("unknown_option_in_demands", "a demand for an option that does not exist", sub(("demands: {nato: ban}", "demands: {nato: bann}")), ("nato: bann", "preferences.russia.demands.nato: `bann` is not an option of issue `nato` (did you mean `ban`?)"))
spec("unknown_issue_in_demands", "a demand on an undeclared issue", sub(("demands: {missiles: 100}", "demands: {missles: 100}")), ("missles: 100", "preferences.usa.demands.missles: `missles` is not an issue (did you mean `missiles`?)"))
spec("unknown_option_in_values", "a value for an option that does not exist", sub(("ban: 0}", "bann: 0}")), ("bann: 0", "preferences.usa.values.nato.bann: `bann` is not an option of issue `nato` (did you mean `ban`?)"))
spec("unknown_issue_in_values", "values for an undeclared issue", sub(("      missiles: {0: 0, 100: 1}", "      misiles: {0: 0, 100: 1}")), ("misiles:", "preferences.russia.values.misiles: `misiles` is not an issue (did you mean `missiles`?)"), ("weights: {nato: 3, missiles: 1}", "preferences.russia.weights.missiles: party `russia` weighs issue `missiles` but gives no `values` or `demands`"))
spec("unknown_option_in_red_line", "a red line on an option that does not exist", sub(("never: [open_door]", "never: [opendoor]")), ("never: [opendoor]", "preferences.russia.red_lines[0].never[0]: `opendoor` is not an option of issue `nato` (did you mean `open_door`?)"))
spec("unknown_issue_in_red_line", "a red line on an undeclared issue", sub(("{issue: nato, never", "{issue: natto, never")), ("issue: natto", "preferences.russia.red_lines[0].issue: `natto` is not an issue (did you mean `nato`?)"))
spec("unknown_option_in_bonus", "a bonus on an option that does not exist", sub(("when: {nato: moratorium", "when: {nato: moratorum")), ("moratorum", "preferences.russia.bonuses[0].when.nato: `moratorum` is not an option of issue `nato` (did you mean `moratorium`?)"))
spec("unknown_issue_in_bonus", "a bonus on an undeclared issue", sub(("missiles: 50}", "missile: 50}")), ("missile: 50", "preferences.russia.bonuses[0].when.missile: `missile` is not an issue (did you mean `missiles`?)"))
spec("bonus_point_off_grid", "a bonus on a numeric value that is not on the grid", sub(("missiles: 50}", "missiles: 60}")), ("missiles: 60", "preferences.russia.bonuses[0].when.missiles: `60` is not an option of issue `missiles`"))
spec("unknown_issue_in_agenda", "an agenda listing an undeclared issue", sub(("issues: [missiles]", "issues: [misiles]")), ("issues: [misiles]", "agendas[0].issues[0]: `misiles` is not an issue (did you mean `missiles`?)"))
spec("unknown_party_in_game", "a game player that is not a party", sub(("players: [russia, usa]", "players: [russia, usaa]")), ("players: [russia, usaa]", "games[0].players[1]: `usaa` is not a party (did you mean `usa`?)"))
spec("unknown_strategy_in_game", "a payoff row for a strategy that does not exist", sub(("      escalate: {engage", "      escalat: {engage")), ("escalat:", "games[0].payoffs.escalat: `escalat` is not a strategy of `russia` (did you mean `escalate`?)"))
spec("unknown_column_in_game", "a payoff column for a strategy that does not exist", sub(("stonewall: [0, 0]}", "stonewal: [0, 0]}")), ("stonewal:", "games[0].payoffs.escalate.stonewal: `stonewal` is not a strategy of `usa` (did you mean `stonewall`?)"))
spec("game_missing_cell", "a payoff cell left out", sub((", stonewall: [0, 0]}", "}")), ("escalate: {engage", "games[0].payoffs.escalate: missing cell (escalate, stonewall)"))
spec("game_wrong_arity", "a payoff cell with three numbers", sub(("engage: [4, 1]", "engage: [4, 1, 2]")), ("engage: [4, 1, 2]", "games[0].payoffs.escalate.engage: expected [row payoff, column payoff] (two numbers)"))
spec("game_same_player_twice", "a game between a party and itself", sub(("players: [russia, usa]", "players: [russia, russia]")), ("players: [russia, russia]", "games[0].players: a game needs two different players"))
spec("unknown_party_in_protocol", "protocol.first is not a party", sub(("first: russia", "first: russa")), ("first: russa", "protocol.first: `russa` is not a party (did you mean `russia`?)"))
spec("unknown_party_in_protocol_strategies", "a protocol strategy for an undeclared party", sub(("{russia: boulware", "{rusia: boulware")), ("rusia: boulware", "protocol.strategies.rusia: `rusia` is not a party (did you mean `russia`?)"))
spec("unknown_protocol_kind", "a protocol kind that does not exist", sub(("  rounds: 20", "  kind: alternating\n  rounds: 20")), ("kind: alternating", "protocol.kind: expected 'alternating_offers' or 'stacked_alternating_offers'"))
# --- ids ---
spec("duplicate_party_id", "two parties with the same id", sub(("  - id: usa\n", "  - id: russia\n")), (("- id: russia", 1), "parties[1].id: duplicate id `russia` (already used by parties[0])"))
spec("duplicate_issue_id", "two issues with the same id", sub(("  - id: missiles\n", "  - id: nato\n")), (("- id: nato", 1), "issues[1].id: duplicate id `nato`"))
spec("invalid_id", "an id with a space", sub(("  - id: usa\n", "  - id: united states\n")), ("id: united states", "parties[1].id: `united states` is not a valid id"))
# --- numbers ---
spec("weights_all_zero", "every weight zero", sub(("weights: {nato: 3, missiles: 1}", "weights: {nato: 0, missiles: 0}")), ("weights: {nato: 0", "preferences.russia.weights: all weights are zero"))
spec("weight_negative", "a negative weight", sub(("weights: {nato: 3, missiles: 1}", "weights: {nato: 3, missiles: -1}")), ("weights: {nato: 3", "preferences.russia.weights.missiles: expected a number ≥ 0"))
spec("value_above_one", "a value above 1", sub(("open_door: 1,", "open_door: 1.2,")), ("open_door: 1.2", "preferences.usa.values.nato.open_door: expected a number ≤ 1"))
spec("value_negative", "a negative value", sub(("moratorium: 0.4", "moratorium: -0.4")), ("moratorium: -0.4", "preferences.usa.values.nato.moratorium: expected a number ≥ 0"))
spec("no_deal_above_one", "no_deal above 1", sub(("no_deal: 0.3", "no_deal: 1.5")), ("no_deal: 1.5", "parties[0].no_deal: expected a number ≤ 1, found 1.5"))
spec("patience_zero", "patience 0", sub(("patience: 0.9", "patience: 0")), ("patience: 0", "parties[0].patience: expected a number > 0, found 0"))
spec("patience_above_one", "patience 1.5", sub(("patience: 0.9", "patience: 1.5")), ("patience: 1.5", "parties[0].patience: expected a number ≤ 1, found 1.5"))
spec("power_negative", "negative bargaining power", sub(("power: 1.5", "power: -1")), ("power: -1", "parties[0].power: expected a number > 0, found -1"))
spec("bonus_too_large", "a bonus above 1", sub(("add: 0.1", "add: 2")), ("add: 2", "preferences.russia.bonuses[0].add: expected a number ≤ 1, found 2"))
spec("not_a_number", "text where a number is expected", sub(("no_deal: 0.3", "no_deal: high")), ("no_deal: high", "parties[0].no_deal: expected a number, found 'high'"))
spec("quoted_number", "a number in quotes", sub(("power: 1.5", "power: '1.5'")), ("power: '1.5'", "parties[0].power: expected a number, found '1.5' (text"))
spec("boolean_for_number", "true where a number is expected", sub(("no_deal: 0.25", "no_deal: true")), ("no_deal: true", "parties[1].no_deal: expected a number, found true"))
spec("infinite_number", "an infinite number", sub(("no_deal: 0.25", "no_deal: .inf")), ("no_deal: .inf", "parties[1].no_deal: expected a finite number"))
spec("mapping_for_list", "a mapping where a list is expected", sub(("    issues: [missiles]", "    issues: {missiles: yes}")), ("issues: {missiles", "agendas[0].issues: expected a list"))
spec("list_for_mapping", "a list where a mapping is expected", sub(("demands: {nato: ban}", "demands: [nato, ban]")), ("demands: [nato", "preferences.russia.demands: expected a mapping"))
spec("scalar_for_list", "a word where a list of parties is expected", sub(("parties:\n", "parties: russia\nunused_parties:\n")), ("parties: russia", "parties: expected a list"), ("unused_parties", "unknown key `unused_parties`"))
spec("options_as_booleans", "options true/false (YAML booleans)", sub(("options: [open_door, moratorium, ban]", "options: [true, false]")), ("options: [true", "issues[0].options[0]: expected text, found true (a YAML boolean"), ("options: [true", "issues[0].options[1]: expected text, found false"))
spec("rounds_zero", "zero protocol rounds", sub(("rounds: 20", "rounds: 0")), ("rounds: 0", "protocol.rounds: expected a number ≥ 1, found 0"))
spec("one_party", "a scenario with one party", sub(("  - id: usa\n    no_deal: 0.25\n", ""), ("  usa:\n    values:\n      nato: {open_door: 1, moratorium: 0.4, ban: 0}\n    demands: {missiles: 100}\n", ""), ("players: [russia, usa]", "players: [russia, russia]")), ("parties:", "parties: expected at least 2 entries, found 1"))
# --- issues ---
spec("range_low_ge_high", "a range written high to low", sub(("range: [0, 100]", "range: [100, 0]")), ("range: [100, 0]", "issues[1].range: expected `[low, high]` with low < high, found [100, 0]"))
spec("range_one_number", "a range with one number", sub(("range: [0, 100]", "range: [100]")), ("range: [100]", "issues[1].range: expected 2 values here"))
spec("step_zero", "step 0", sub(("step: 25", "step: 0")), ("step: 0", "issues[1].step: expected a step > 0, found 0"))
spec("step_negative", "a negative step", sub(("step: 25", "step: -25")), ("step: -25", "issues[1].step: expected a step > 0, found -25"))
spec("step_not_dividing", "a step that does not divide the range", sub(("step: 25", "step: 30")), ("step: 30", "issues[1].step: step 30 does not divide the range [0, 100]"))
spec("numeric_without_step", "a numeric issue without step", sub(("    step: 25\n", "")), ("- id: missiles", "issues[1].step: a numeric issue needs `step`"))
spec("step_on_categorical", "step on a categorical issue", sub(("    status_quo: open_door\n", "    status_quo: open_door\n    step: 1\n")), ("step: 1", "issues[0].step: `step` belongs to numeric issues"))
spec("options_and_range", "an issue with both options and range", sub(("    status_quo: open_door\n", "    status_quo: open_door\n    range: [0, 1]\n")), ("- id: nato", "issues[0]: an issue has either `options"))
spec("duplicate_option", "an option listed twice", sub(("options: [open_door, moratorium, ban]", "options: [open_door, moratorium, ban, moratorium]")), ("options: [open_door", "issues[0].options: option `moratorium` is listed more than once"))
spec("status_quo_not_an_option", "a status quo that is not an option", sub(("status_quo: open_door", "status_quo: opendoor")), ("status_quo: opendoor", "issues[0].status_quo: `opendoor` is not an option of issue `nato` (did you mean `open_door`?)"))
spec("numeric_point_outside_range", "a value point outside the issue's range", sub(("missiles: {0: 0, 100: 1}", "missiles: {0: 0, 150: 1}")), ("150: 1", "preferences.russia.values.missiles.150: point 150 is outside the issue's range [0, 100]"))
spec("numeric_demand_outside_range", "a demand outside a numeric issue's range", sub(("demands: {missiles: 100}", "demands: {missiles: 150}")), ("missiles: 150", "preferences.usa.demands.missiles: 150 is outside the issue's range [0, 100]"))
spec("agenda_without_status_quo", "an issue off an agenda has no status quo", sub(("    status_quo: open_door\n", "")), ("issues: [missiles]", "agendas[0].issues: issue `nato` is off this agenda but has no `status_quo`"))
spec("deal_space_too_large", "fourteen issues of 1,001 points each", sub(("  - id: nato\n", "".join(f"  - {{id: a{k}, range: [0, 1000], step: 1, status_quo: 0}}\n" for k in range(14)) + "  - id: nato\n")), ("issues:", "issues: the deal space has 1.5e+43 deals, more than the limit of 1.0e+40"))
# --- red lines ---
spec("red_line_two_kinds", "a red line with never and only", sub(("{issue: nato, never: [open_door]}", "{issue: nato, never: [open_door], only: [ban]}")), ("only: [ban]", "preferences.russia.red_lines[0]: a red line has exactly one of"))
spec("red_line_no_kind", "a red line with only an issue", sub(("{issue: nato, never: [open_door]}", "{issue: nato}")), ("{issue: nato}", "preferences.russia.red_lines[0]: a red line has exactly one of"))
spec("red_line_at_least_categorical", "at_least on a categorical issue", sub(("{issue: nato, never: [open_door]}", "{issue: nato, at_least: 1}")), ("at_least: 1", "preferences.russia.red_lines[0].at_least: `at_least` applies to numeric issues"))
spec("min_utility_with_issue", "min_utility with an issue", sub(("{min_utility: 0.2}", "{issue: nato, min_utility: 0.2}")), ("min_utility: 0.2", "preferences.russia.red_lines[1].issue: `min_utility` is a floor on the whole deal"))
spec("weight_without_values", "a weighted issue with no values or demand", sub(("    values:\n      missiles: {0: 0, 100: 1}\n", "")), ("weights: {nato: 3", "preferences.russia.weights.missiles: party `russia` weighs issue `missiles` but gives no `values` or `demands`"))
spec("party_without_preferences", "a party with no preferences", sub(("  usa:\n    values:\n      nato: {open_door: 1, moratorium: 0.4, ban: 0}\n    demands: {missiles: 100}\n", "")), ("preferences:", "preferences: party `usa` has no preferences"), ("preferences.usa.values", "uncertainty.vary[1].path: `preferences.usa.values.nato.moratorium` is not a field negsim can vary: `usa` has no preferences"))
# --- uncertainty ---
spec("uncertainty_path_misspelled", "a varied path with a misspelled field", sub(("path: parties.russia.no_deal", "path: parties.russia.no_del")), ("no_del,", "uncertainty.vary[0].path: `parties.russia.no_del` is not a field negsim can vary: a party's numeric fields are no_deal, power, patience (did you mean `no_deal`?)"))
spec("uncertainty_path_unknown_party", "a varied path naming an undeclared party", sub(("path: parties.russia.no_deal", "path: parties.rusia.no_deal")), ("rusia", "uncertainty.vary[0].path: `parties.rusia.no_deal` is not a field negsim can vary: `rusia` is not a party (did you mean `russia`?)"))
spec("uncertainty_out_of_range", "a distribution that leaves the field's range", sub(("uniform: [0.2, 0.4]", "uniform: [0.2, 1.4]")), ("uniform: [0.2, 1.4]", "uncertainty.vary[0].uniform: `no_deal` must stay in [0.0, 1.0], but this distribution reaches [0.2, 1.4]"))
spec("uncertainty_two_distributions", "two distributions for one input", sub(("uniform: [0.2, 0.4]}", "uniform: [0.2, 0.4], normal: [0.3, 0.1]}")), ("normal: [0.3", "uncertainty.vary[0]: give exactly one distribution"))
spec("uncertainty_bad_game_path", "a varied game payoff for a strategy that does not exist", sub(("    - {path: parties.russia.no_deal, uniform: [0.2, 0.4]}\n", "    - {path: 'games.crisis.payoffs.negotiate.engag[0]', uniform: [2, 4]}\n")), ("engag[0]", "uncertainty.vary[0].path: `games.crisis.payoffs.negotiate.engag[0]` is not a field negsim can vary: `engag` is not a strategy of `usa` (did you mean `engage`?)"))
# --- safety ---
laughs = "negsim: 1\n" + "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]\n" for i in range(1, 10))
spec("billion_laughs", "aliases expanding to a billion values", laughs, ("a4:", "a4: the document expands to more than 100,000 values"))
spec("python_object_tag", "a tag that would run a command in an unsafe loader", sub(("title: Base scenario for the malformed corpus", "title: !!python/object/apply:os.system ['touch negsim-pwned-marker']")), ("title: !!python", "title: the tag `!!python/object/apply:os.system` is not allowed"))
spec("python_object_tag_mapping", "a python tag on a mapping", sub(("protocol:\n", "protocol: !!python/object:negsim.scenario.models.Protocol\n")), ("protocol: !!python", "protocol: the tag `!!python/object:negsim.scenario.models.Protocol` is not allowed"))
deep = "negsim: 1\nnotes: " + "[" * 200 + "]" * 200 + "\n"
spec("deeply_nested", "lists nested 200 deep", deep, ("notes:", "nested too deeply"))

spec("numeric_option_not_in_shortest_form", "a quoted grid point with a leading zero", sub(("status_quo: 0\n", "status_quo: '00'\n")), ("status_quo: '00'", "issues[1].status_quo: write the number `00` as `0`"))
spec("long_line", "a 100,000-character line with a number among the sources", sub(("sources: [made up for tests]", "sources: [" + "x" * 100_000 + ", 3]")), ("sources: [", "sources[1]: expected text, found 3"))
spec("choice_weights_negative", "negative choice weights", sub(("uniform: [0.2, 0.4]}", "choice: [0.2, 0.3], weights: [-1, 0.5]}")), ("choice: [0.2", "uncertainty.vary[0].weights: choice `weights` must be ≥ 0 with a positive, finite sum"))
spec("bad_timestamp_tag", "an explicit timestamp tag on text that is not a date", sub(("title: Base scenario for the malformed corpus", "title: !!timestamp sometime")), ("title: !!timestamp", "title: cannot read the value `sometime`"))
# --- accepted once, crashed later (reliability review D7, D18, D20) ---
spec("payoff_too_large", "a payoff of 1e15 (the equilibrium solvers failed on it)", sub(("escalate: {engage: [4, 1]", "escalate: {engage: [1.0e15, 1]")), ("escalate: {engage", "games[0].payoffs.escalate.engage[0]: payoffs are limited to ±1e+12, found 1000000000000000"))
spec("payoff_400_digits", "a 400-digit payoff", sub(("escalate: {engage: [4, 1]", "escalate: {engage: [1" + "0" * 399 + ", 1]")), ("escalate: {engage", "games[0].payoffs.escalate.engage[0]: payoffs are limited to ±1e+12, found a 400-digit number"))
spec("number_400_digits", "a 400-digit no_deal", sub(("no_deal: 0.3", "no_deal: 1" + "0" * 399)), ("no_deal: 1000", "parties[0].no_deal: expected a number, found a 400-digit integer"))
spec("choice_weights_overflow", "choice weights summing to infinity", sub(("uniform: [0.2, 0.4]}", "choice: [0.2, 0.3], weights: [1.0e308, 1.0e308]}")), ("choice: [0.2", "uncertainty.vary[0].weights: choice `weights` must be ≥ 0 with a positive, finite sum"))
spec("name_too_long", "a 201-character party name", sub(("name: Russia", "name: " + "R" * 201)), ("name: RRR", "parties[0].name: expected at most 200 characters"))
spec("yaml11_sexagesimal", "a YAML 1.1 base-60 number (1:00 is 60 in YAML 1.1, text in YAML 1.2)", sub(("no_deal: 0.3", "no_deal: 1:00")), ("no_deal: 1:00", "parties[0].no_deal: expected a number, found '1:00' (text: negsim reads YAML 1.2"))
spec("yaml11_underscore", "a YAML 1.1 number with an underscore", sub(("power: 1.5", "power: 1_5")), ("power: 1_5", "parties[0].power: expected a number, found '1_5' (text: negsim reads YAML 1.2"))
amplified = sub(("summary: Two parties, a categorical and a numeric issue, one agenda, a game.", 'summary: &big "' + "x" * 100_000 + '"'), ("sources: [made up for tests]", "sources: [" + ", ".join(["*big"] * 20) + "]"))
spec("alias_amplified_text", "20 aliases to a 100,000-character text (2.1 million characters)", amplified, ("sources: [*big", "sources: the document expands to more than 2,000,000 characters of text"))

for name, desc, body, expects in specs:
    make(name, desc, body, expects)
# raw-byte cases
(OUT / "empty.yaml").write_bytes(b"")
make("binary", "binary bytes", "", [(1, "this is a binary file")], raw_suffix=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
make("not_utf8", "Latin-1 text", sub(("title: Base scenario", "title: Caf\u00e9 scenario")).replace("Caf\u00e9", "Caf@"), [("Caf@", "not UTF-8 text")])
p = OUT / "not_utf8.yaml"; p.write_bytes(p.read_bytes().replace(b"Caf@", b"Caf\xe9"))
make("utf16", "UTF-16 text", "", [(1, "saved as UTF-16")])
p = OUT / "utf16.yaml"; p.write_bytes(p.read_text().encode("utf-16"))
make("utf32", "UTF-32 text (was reported as UTF-16)", "", [(1, "saved as UTF-32")])
p = OUT / "utf32.yaml"; p.write_bytes(p.read_text().encode("utf-32"))
make("crlf_line_endings", "Windows line endings and a misspelled key", sub(("no_deal: 0.3", "no_dael: 0.3")),
     [("no_dael", "parties[0].no_dael: unknown key `no_dael` (did you mean `no_deal`?)")])
p = OUT / "crlf_line_endings.yaml"; p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
make("bom_prefix", "a UTF-8 byte-order mark and a misspelled key", sub(("no_deal: 0.3", "no_dael: 0.3")),
     [("no_dael", "parties[0].no_dael: unknown key `no_dael` (did you mean `no_deal`?)")], raw_prefix=b"\xef\xbb\xbf")
print(len(list(OUT.glob("[!_]*.yaml"))), "files")

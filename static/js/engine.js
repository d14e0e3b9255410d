/*
 * The browser twin of the question-set engine (screening/questionnaire/rules.py and
 * scoring.py), so a screening can be scored offline with exactly the rules the server uses.
 *
 * Plain script, no build step, nothing loaded from anywhere: a page loads static/js/pycompat.js
 * and then it with <script src="/static/js/engine.js">, a service worker with importScripts();
 * both then use self.ScreeningEngine (window.ScreeningEngine on a page).
 *
 * The question set is the JSON the server serves, i.e. the output of
 * `screening questionnaires show ID --json`: the file's own keys plus `content_hash` and a
 * `questions` list (each with id, type, show_if, min, max, max_length and allowed_values).
 *
 * Every function mirrors the Python function of the same name and must give the same answer;
 * tests/test_browser_engine.py scores generated answers for every shipped set in both and
 * compares the whole result. Change the two together (see questionnaires/FORMAT.md).
 *
 * Where JavaScript values behave differently from Python's, static/js/pycompat.js reproduces
 * Python's behaviour (equality, `in`, int(), str.strip(), repr()).
 */
(function (root) {
  "use strict";

  // model.py
  const YES_NO_VALUES = Object.freeze(["yes", "no", "dont_know", "not_asked"]);
  const RISK_LEVELS = Object.freeze(["none", "standard", "medium", "high"]);
  // Bases whose referrals wait while the pathway is held for review (model.HELD_BASES).
  const HELD_BASES = Object.freeze(["consent", "information_sharing"]);
  // rules.py
  const COUNT_COMPARISONS = Object.freeze(["equals", "gt", "gte", "lt", "lte"]);
  // The order matters: a condition is judged by the first of these keys it has.
  const SOURCES = Object.freeze(["all", "any", "not", "question", "count", "score", "outcome",
    "risk_level_at_least", "flag"]);

  // Python value semantics (static/js/pycompat.js, loaded first).
  const { hasOwn, get, isMapping, isNone, pyEquals, pyContains, pyStrip, pyInt, pyRepr, pyStr } =
    root.PyCompat;

  // Results are plain JSON that a page may keep or change: never hand out the set's own objects.
  function copyJson(value) {
    return value === undefined ? null : JSON.parse(JSON.stringify(value));
  }

  /* ---------------------------------------------------------------------------------------- */
  /* The question set as served                                                               */
  /* ---------------------------------------------------------------------------------------- */

  function allowedValues(question) {
    if (question.type === "yes_no") return YES_NO_VALUES.slice();
    if (question.type === "single" || question.type === "multiple") {
      return (question.options || []).map((option) => option.id);
    }
    return [];
  }

  // The questions in order. The served JSON lists them in `questions`; a bare file (no such
  // list) is read from its sections, the way library.py builds them.
  function questionsOf(questionSet) {
    if (Array.isArray(questionSet.questions)) return questionSet.questions;
    const found = [];
    for (const section of questionSet.sections || []) {
      for (const q of section.questions) {
        found.push({
          id: q.id, type: q.type, show_if: get(q, "show_if"), min: get(q, "min"),
          max: get(q, "max"), max_length: get(q, "max_length"), allowed_values: allowedValues(q),
        });
      }
    }
    return found;
  }

  function keyOf(questionSet) {
    return `${questionSet.id}@${questionSet.version}`;
  }

  function levelRank(level) {
    const rank = RISK_LEVELS.indexOf(level);
    if (rank < 0) throw new Error(`${pyRepr(level)} is not a risk level`);
    return rank;
  }

  // Python's max(a, b, key=level_rank): the first of two equal levels wins.
  function higherLevel(a, b) {
    return levelRank(b) > levelRank(a) ? b : a;
  }

  /* ---------------------------------------------------------------------------------------- */
  /* rules.py                                                                                 */
  /* ---------------------------------------------------------------------------------------- */

  // Number comparisons only between numbers: a boolean, a string or a list never compares.
  function numbers(a, b) {
    return typeof a === "number" && typeof b === "number";
  }

  const COMPARISONS = Object.freeze({
    equals: (a, b) => pyEquals(a, b),
    not_equals: (a, b) => !pyEquals(a, b),
    in: (a, b) => pyContains(b, a),
    includes: (a, b) => Array.isArray(a) && pyContains(a, b),
    gt: (a, b) => numbers(a, b) && a > b,
    gte: (a, b) => numbers(a, b) && a >= b,
    lt: (a, b) => numbers(a, b) && a < b,
    lte: (a, b) => numbers(a, b) && a <= b,
  });
  const QUESTION_OPERATORS = Object.freeze([...Object.keys(COMPARISONS), "answered"]);

  /** What a condition can look at: the answers so far, and results as they are worked out. */
  function Facts(answers, parameters) {
    this.answers = answers;
    this.parameters = parameters;
    this.score = null;
    this.outcome = null;
    this.risk_level = null;
    this.flags = new Set();
  }

  /** A rule's number, or the parameter it names. */
  function resolve(value, facts) {
    if (isMapping(value) && hasOwn(value, "parameter")) {
      if (!hasOwn(facts.parameters, value.parameter)) {
        throw new Error(`no parameter ${pyRepr(value.parameter)}`);
      }
      return facts.parameters[value.parameter];
    }
    return value;
  }

  // The first key of the condition, in the order written, that is one of `allowed`.
  function operator(condition, allowed) {
    const found = Object.keys(condition).find((key) => allowed.includes(key));
    if (found === undefined) throw new Error(`no comparison in ${pyRepr(condition)}`);
    return found;
  }

  function questionHolds(condition, facts) {
    const op = operator(condition, QUESTION_OPERATORS);
    const answer = get(facts.answers, condition.question);
    const answered = !isNone(answer) && answer !== "not_asked";
    if (op === "answered") return answered === Boolean(condition.answered);
    if (!answered) return false; // a comparison with an unanswered question is false
    return COMPARISONS[op](answer, resolve(condition[op], facts));
  }

  function countHolds(condition, facts) {
    const spec = condition.count;
    const total = spec.questions.filter((id) => pyEquals(get(facts.answers, id), spec.equals))
      .length;
    const op = operator(condition, COUNT_COMPARISONS);
    return COMPARISONS[op](total, resolve(condition[op], facts));
  }

  function scoreHolds(condition, facts) {
    const spec = condition.score;
    const op = operator(spec, COUNT_COMPARISONS);
    return facts.score !== null && COMPARISONS[op](facts.score, resolve(spec[op], facts));
  }

  function riskAtLeast(condition, facts) {
    return facts.risk_level !== null &&
      levelRank(facts.risk_level) >= levelRank(condition.risk_level_at_least);
  }

  const EVALUATORS = Object.freeze({
    all: (c, f) => c.all.every((part) => holds(part, f)),
    any: (c, f) => c.any.some((part) => holds(part, f)),
    not: (c, f) => !holds(c.not, f),
    question: questionHolds,
    count: countHolds,
    score: scoreHolds,
    outcome: (c, f) => pyEquals(f.outcome, c.outcome),
    risk_level_at_least: riskAtLeast,
    flag: (c, f) => f.flags.has(c.flag),
  });

  /** Whether a condition (already checked by the loader) is true for these facts. */
  function holds(condition, facts) {
    if (isMapping(condition)) {
      for (const source of SOURCES) {
        if (hasOwn(condition, source)) return EVALUATORS[source](condition, facts);
      }
    }
    throw new Error(`not a condition: ${pyRepr(condition)}`);
  }

  /** Question ids a condition looks at, in the order written. */
  function referencedQuestions(condition) {
    const found = [];
    if (hasOwn(condition, "question")) found.push(condition.question);
    if (hasOwn(condition, "count") && isMapping(condition.count)) {
      found.push(...get(condition.count, "questions", []));
    }
    for (const key of ["all", "any"]) {
      for (const part of get(condition, key, [])) found.push(...referencedQuestions(part));
    }
    if (hasOwn(condition, "not")) found.push(...referencedQuestions(condition.not));
    return found;
  }

  /* ---------------------------------------------------------------------------------------- */
  /* scoring.py                                                                               */
  /* ---------------------------------------------------------------------------------------- */

  /** Answers that do not fit the question set; every problem names its question. */
  class AnswerError extends Error {
    constructor(problems) {
      super(problems.map((p) => `${p.question}: ${p.message}`).join("; "));
      this.name = "AnswerError";
      this.problems = problems;
    }
  }

  /**
   * Each parameter of the set at its default. The browser has no environment to read the
   * area's settings from: pass the values the server uses (parameter_values) to score().
   */
  function parameterValues(questionSet) {
    const values = {};
    for (const [name, spec] of Object.entries(questionSet.parameters || {})) {
      values[name] = pyInt(spec.default);
    }
    return values;
  }

  function daysInMonth(year, month) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  }

  // "YYYY-MM-DD" naming a real day (years 1 to 9999, as Python's dates), else null.
  function isoDate(value) {
    const match = typeof value === "string" && /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
    if (!match) return null;
    const [year, month, day] = match.slice(1).map(Number);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return null;
    }
    return value;
  }

  // `today` as "YYYY-MM-DD": given as such or as a Date, else this device's date. Two such
  // strings compare in date order.
  function isoToday(today) {
    const pad = (n, width) => String(n).padStart(width, "0");
    if (typeof today === "string") {
      if (isoDate(today) === null) throw new Error(`today ${pyRepr(today)} is not YYYY-MM-DD`);
      return today;
    }
    const day = today instanceof Date ? today : new Date();
    return `${pad(day.getFullYear(), 4)}-${pad(day.getMonth() + 1, 2)}-${pad(day.getDate(), 2)}`;
  }

  function checkValue(question, value, today, limits) {
    const allowed = question.allowed_values || allowedValues(question);
    switch (question.type) {
      case "yes_no":
      case "single":
        if (!pyContains(allowed, value)) {
          return `${pyRepr(value)} is not allowed; choose one of: ${allowed.join(", ")}`;
        }
        break;
      case "multiple":
        if (!Array.isArray(value) || value.some((v) => !pyContains(allowed, v))) {
          return `${pyRepr(value)} is not allowed; give a list of: ${allowed.join(", ")}`;
        }
        if (new Set(value).size !== value.length) return "an option is given twice";
        break;
      case "number": {
        // A whole number, never a boolean. (30.0 cannot be told from 30 once parsed.)
        if (typeof value !== "number" || !Number.isInteger(value)) {
          return `${pyRepr(value)} is not a whole number`;
        }
        const { min, max } = question;
        if ((!isNone(min) && value < min) || (!isNone(max) && value > max)) {
          return `${pyStr(value)} is outside ${pyStr(min)} to ${pyStr(max)}`;
        }
        break;
      }
      case "date":
        if (isoDate(value) === null) return `${pyRepr(value)} is not a date written YYYY-MM-DD`;
        if (value > today) return `${value} is in the future`;
        break;
      case "text": {
        if (typeof value !== "string") return `${pyRepr(value)} is not text`;
        const limit = question.max_length || limits.text; // limits: from the served set
        const length = Array.from(value).length; // code points, as Python's len()
        if (length > limit) return `is ${length} characters long; the limit is ${limit}`;
        break;
      }
      default:
        // A set served with an answer type newer than this engine: refuse, never accept blind.
        throw new TypeError(`${pyRepr(question.id)} has the answer type ` +
          `${pyRepr(question.type)}, which this engine does not know: reload the page`);
    }
    return null;
  }

  /**
   * Answers checked against the set: unknown ids and values that are not allowed throw an
   * AnswerError whose `problems` are [{question, message}]. Blank answers (null, "", and []
   * for a multiple-choice question) are dropped. Returns the clean answers.
   */
  function checkAnswers(questionSet, answers, today) {
    if (!isMapping(answers)) {
      throw new AnswerError([{
        question: "answers", message: "must be an object of question id to answer",
      }]);
    }
    const known = new Map(questionsOf(questionSet).map((q) => [q.id, q]));
    const day = isoToday(today);
    const problems = [];
    const clean = {};
    for (const [questionId, value] of Object.entries(answers)) {
      const question = known.get(questionId);
      if (question === undefined) {
        problems.push({
          question: questionId || "(a blank question id)",
          message: `no such question in ${keyOf(questionSet)}; the questions are: ` +
            [...known.keys()].join(", "),
        });
        continue;
      }
      if (isNone(value) || value === "" ||
          (question.type === "multiple" && Array.isArray(value) && value.length === 0)) {
        continue;
      }
      const message = checkValue(question, value, day, questionSet.limits);
      if (message) problems.push({ question: questionId, message });
      else clean[questionId] = value;
    }
    if (problems.length) throw new AnswerError(problems);
    return clean;
  }

  /**
   * The questions that are asked, in order, and only their answers: {shown: [ids], kept}.
   * A question is shown when it has no show_if or its show_if holds over the answers kept so
   * far; an answer to a hidden question is ignored. Without parameters, their defaults.
   */
  function visibleAnswers(questionSet, answers, parameters) {
    const shown = [];
    const kept = {};
    const facts = new Facts(kept, isNone(parameters) ? parameterValues(questionSet) : parameters);
    for (const question of questionsOf(questionSet)) {
      if (isNone(question.show_if) || holds(question.show_if, facts)) {
        shown.push(question.id);
        if (hasOwn(answers, question.id)) kept[question.id] = answers[question.id];
      }
    }
    return { shown, kept };
  }

  /**
   * Score answers: the band, the risk level and why, the safety flags and the pathway, as the
   * same JSON as Python's Result.to_json(). `parameters` override the defaults; `judgement` is
   * null or {level, reason}; `today` ("YYYY-MM-DD" or a Date) is for date answers.
   */
  function score(questionSet, answers, parameters, judgement, today) {
    const clean = checkAnswers(questionSet, answers, today);
    const params = Object.assign(parameterValues(questionSet), parameters || {});
    const { shown, kept } = visibleAnswers(questionSet, clean, params);
    const facts = new Facts(kept, params);

    let total = 0;
    const scored = [];
    for (const item of questionSet.scoring.points) {
      if (hasOwn(item, "count")) {
        const matched = item.count.questions
          .filter((id) => pyEquals(get(kept, id), item.count.equals));
        total += matched.length * pyInt(item.each);
        scored.push(...matched);
      } else if (holds(item.when, facts)) {
        total += pyInt(item.add);
        scored.push(...referencedQuestions(item.when).filter((id) => hasOwn(kept, id)));
      }
    }
    facts.score = total;
    const band = questionSet.bands.find((b) => total >= b.min && (isNone(b.max) || total <= b.max));
    if (band === undefined) throw new Error(`no band holds the score ${total}`);
    facts.outcome = band.id;
    let level = band.risk_level;
    // Python's dict.fromkeys(scored): each question once, where it first appears.
    const reasons = [{ kind: "score", text: copyJson(band.label), questions: [...new Set(scored)] }];
    for (const rule of questionSet.raise_rules || []) {
      if (holds(rule.when, facts)) {
        level = higherLevel(level, rule.to); // raise rules never lower the level
        reasons.push({
          kind: "raise", text: copyJson(rule.reason),
          questions: referencedQuestions(rule.when).filter((id) => hasOwn(kept, id)),
        });
      }
    }
    if (!isNone(judgement)) {
      if (!RISK_LEVELS.includes(judgement.level) || !pyStrip(judgement.reason)) {
        throw new AnswerError([{
          question: "judgement",
          message: `give a level (${RISK_LEVELS.slice(1).join(", ")}) and a reason`,
        }]);
      }
      level = higherLevel(level, judgement.level);
      reasons.push({ kind: "judgement", text: { en: judgement.reason }, questions: [] });
    }
    facts.risk_level = level;

    const flags = (questionSet.safety_flags || []).filter((f) => holds(f.when, facts))
      .map((f) => ({
        id: f.id, severity: f.severity, label: copyJson(f.label), action: copyJson(f.action),
        audience: f.audience,
      }));
    facts.flags = new Set(flags.map((f) => f.id));
    const pathway = choosePathway(questionSet, facts);
    const unanswered = shown.filter((id) => pyEquals(get(kept, id, "not_asked"), "not_asked"));
    const reasonsBy = (list) => {
      const out = {};
      for (const r of list) out[r.service] = copyJson(r.reason);
      return out;
    };
    const { primary, others, immediate } = pathway;
    const primaryList = primary === null ? [] : [primary];
    return {
      questionnaire: questionSet.id,
      version: questionSet.version,
      content_hash: questionSet.content_hash,
      score: total,
      outcome: band.id,
      risk_level: level,
      reasons,
      pathway: {
        immediate: immediate.map((r) => r.service),
        primary: primary === null ? null : primary.service,
        primary_reason: primary === null ? null : copyJson(primary.reason),
        others: others.map((r) => r.service),
        other_reasons: reasonsBy(others),
        immediate_reasons: reasonsBy(immediate),
        hold_for_review: pathway.holdForReview,
        hold_reason: pathway.holdReason === null ? null : copyJson(pathway.holdReason),
      },
      safety_flags: flags,
      unanswered,
      answers: copyJson(kept),
      level_kind: questionSet.asked_of === "partner" ? "risk" : "disclosure",
      referrals: [...immediate, ...primaryList, ...others].map((r) => ({
        service: r.service, role: r.role, basis: r.basis, held: r.held,
      })),
    };
  }

  /** Mirrors choose_pathway: each service once, in its role; held ones wait for review. */
  function choosePathway(questionSet, facts) {
    const chosen = []; // [role, service, reason] in the order the rules hold
    const holding = []; // [service, reason] of the rules that hold for review
    let primaryTaken = false;
    for (const step of questionSet.pathway_rules || []) {
      if (!holds(step.when, facts)) continue;
      if (step.hold_for_review === true) holding.push([step.service, step.reason]);
      // The first primary that holds gives the pathway; a later one is not an "also".
      if (step.role === "primary" && !primaryTaken) {
        primaryTaken = true;
        chosen.push(["primary", step.service, step.reason]);
      } else if (step.role === "immediate" || step.role === "also") {
        chosen.push([step.role, step.service, step.reason]);
      }
    }
    const holders = new Set(holding.map(([service]) => service));
    const basisOf = questionSet.service_basis || {};
    const referral = (role, service, reason) => {
      const basis = hasOwn(basisOf, service) ? basisOf[service] : "consent";
      const held = holding.length > 0 && HELD_BASES.includes(basis) && !holders.has(service);
      return { service, reason, role, basis, held };
    };
    // Each service once: an immediate action stays immediate; the primary wins over an "also".
    const immediate = new Map();
    for (const [role, service, reason] of chosen) {
      if (role === "immediate" && !immediate.has(service)) {
        immediate.set(service, referral(role, service, reason));
      }
    }
    let primary = null;
    for (const [role, service, reason] of chosen) {
      if (role === "primary" && !immediate.has(service)) {
        primary = referral(role, service, reason);
        break;
      }
    }
    const others = new Map();
    for (const [role, service, reason] of chosen) {
      if (role === "also" && !immediate.has(service) && !others.has(service)
          && (primary === null || service !== primary.service)) {
        others.set(service, referral(role, service, reason));
      }
    }
    return {
      primary,
      others: [...others.values()],
      immediate: [...immediate.values()],
      holdForReview: holding.length > 0,
      holdReason: holding.length > 0 ? holding[0][1] : null,
    };
  }

  const ScreeningEngine = Object.freeze({
    AnswerError,
    RISK_LEVELS,
    YES_NO_VALUES,
    levelRank,
    resolve,
    holds,
    referencedQuestions,
    parameterValues,
    checkAnswers,
    visibleAnswers,
    score,
  });
  root.ScreeningEngine = ScreeningEngine;
  if (typeof module === "object" && module && module.exports) module.exports = ScreeningEngine;
})(typeof globalThis !== "undefined" ? globalThis : self);

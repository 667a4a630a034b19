/**
 * `f` remembering its last few thousand answers, for pure conversions asked the same question
 * again and again (a batch's reports carry a handful of dates around today, converted by the Avro
 * logical types and by the deadline rules' working-day arithmetic). An input `f` throws on is not
 * remembered; past `limit` answers the memory starts over, so it stays bounded whatever the input.
 */
export const remembered = <K, V>(f: (key: K) => V, limit = 4096): ((key: K) => V) => {
  const answers = new Map<K, V>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined && !answers.has(key)) {
      answer = f(key);
      if (answers.size >= limit) answers.clear();
      answers.set(key, answer);
    }
    return answer as V;
  };
};

/**
 * `f` remembering its last two answers: for a conversion asked, record after record, about a few
 * values in turn (a batch's processing time and each report's time of receipt). An input `f` throws
 * on is not remembered.
 */
export const rememberedTwo = <K, V>(f: (key: K) => V): ((key: K) => V) => {
  // The newer answer in slot a; `held` counts the slots in use (a key may be any value, NaN too).
  let held = 0;
  let keyA: K | undefined, answerA: V | undefined, keyB: K | undefined, answerB: V | undefined;
  return (key) => {
    if (held > 0 && keyA === key) return answerA as V;
    if (held > 1 && keyB === key) {
      const answer = answerB;
      keyB = keyA;
      answerB = answerA;
      keyA = key;
      answerA = answer;
      return answer as V;
    }
    const answer = f(key);
    keyB = keyA;
    answerB = answerA;
    keyA = key;
    answerA = answer;
    held = Math.min(held + 1, 2);
    return answer;
  };
};

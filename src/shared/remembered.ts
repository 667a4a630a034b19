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

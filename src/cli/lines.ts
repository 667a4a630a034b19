import fs from 'node:fs';

/** One line of a text file, numbered from 1, with how many bytes of the file were read so far. */
export interface TextLine {
  readonly line: number;
  readonly text: string;
  readonly bytesRead: number;
}

/**
 * Reads a file (`-`: standard input) line by line in constant memory whatever its size: the
 * stream's own iterator reads the next chunk only when the caller asks for more, so a slow
 * consumer (a Kafka send) holds the reading back.
 */
export async function* readLines(file: string): AsyncGenerator<TextLine> {
  const input = file === '-' ? process.stdin : fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let line = 0;
  let bytesRead = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    rest += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = rest.indexOf('\n'); end !== -1; end = rest.indexOf('\n', start)) {
      yield { line: ++line, text: rest.slice(start, end).replace(/\r$/, ''), bytesRead };
      start = end + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest !== '') yield { line: ++line, text: rest.replace(/\r$/, ''), bytesRead };
}

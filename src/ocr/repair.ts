// Repairs the OCR confusions that matter to the rules, and only where the shape of the token is
// certain: `Name : value` separators read as `+`, `©`, `;` or `=`; 40-character thumbprints with
// O/I/l/S/G/Q/Z for 0/1/1/5/6/0/2; `4.7.O`-style enhanced status codes; event ids. Pure.

const SEPARATOR = /^(\s*[A-Za-z][A-Za-z]{2,40}\s+)[+©®;=«»](\s)/;
const HEX_LIKE = /(?<![0-9A-Za-z])[0-9A-Fa-fOoIlSsGgQqZz|]{38,42}(?![0-9A-Za-z])/g;
const TO_HEX: Record<string, string> = { O: '0', o: '0', Q: '0', q: '0', I: '1', l: '1', '|': '1', S: '5', s: '5', G: '6', g: '6', Z: '2', z: '2' };
const STATUS = /\b([45])[.,]([0-7OolI])[.,](\d{1,3}|[OolI]\d{0,2})\b/g;
const DIGITISH: Record<string, string> = { O: '0', o: '0', l: '1', I: '1' };

export interface Repair {
  text: string;
  /** The thumbprints whose characters were changed (as repaired), for the card's warning. */
  repairedThumbprints: string[];
}

function digits(s: string): string {
  return s.replace(/[OolI]/g, (c) => DIGITISH[c] ?? c);
}

export function repairOcrText(raw: string): Repair {
  const repairedThumbprints: string[] = [];
  const lines = raw.replace(/\r/g, '').split('\n').map((line) => {
    let fixed = line.replace(SEPARATOR, '$1:$2');
    fixed = fixed.replace(HEX_LIKE, (token) => {
      const hex = token.replace(/[OoIlSsGgQqZz|]/g, (c) => TO_HEX[c] ?? c).toUpperCase();
      if (!/^[0-9A-F]{40}$/.test(hex)) return token;
      if (hex !== token.toUpperCase()) repairedThumbprints.push(hex);
      return hex;
    });
    fixed = fixed.replace(STATUS, (_m, a: string, b: string, c: string) => `${a}.${digits(b)}.${digits(c)}`);
    fixed = fixed.replace(/\b(Event ID|イベント ID) ?[:+©;]? ?([0-9OolI]{3,5})\b/g, (_m, label: string, id: string) => `${label}: ${digits(id)}`);
    return fixed;
  });
  // A wrapped description splits "454 4.7.0" over two lines.
  // Tesseract spaces out Japanese characters ("レベ ル"): join runs of CJK separated by one space.
  const text = lines
    .join('\n')
    .replace(/\b([245]\d\d)\n(\d\.\d{1,3}\.\d{1,3})\b/g, '$1 $2')
    .replace(/(?<=[\u3040-\u30ff\u4e00-\u9fff]) (?=[\u3040-\u30ff\u4e00-\u9fff])/g, '');
  return { text, repairedThumbprints };
}

import { strict as assert } from 'node:assert';
import { parseLocaleDate, unambiguousIso } from '../src/diagnosis/dates';

const iso = (text: string): [string, string] | undefined => {
  const date = parseLocaleDate(text);
  return date && [date.earliest.toISOString(), date.latest.toISOString()];
};

describe('parseLocaleDate', () => {
  it('reads unambiguous server-locale dates', () => {
    const same = (text: string, expected: string): void => assert.deepEqual(iso(text), [expected, expected], text);
    same('02.02.2028 3:09:22', '2028-02-02T03:09:22.000Z');
    same('13.01.2027 17:00:00', '2027-01-13T17:00:00.000Z');
    same('2028/02/02 3:09:22', '2028-02-02T03:09:22.000Z');
    same('2028-02-02 03:09:22', '2028-02-02T03:09:22.000Z');
    same('2028年2月2日 3:09:22', '2028-02-02T03:09:22.000Z');
    same('2028年2月2日 午後 3:09:22', '2028-02-02T15:09:22.000Z');
    same('2028/02/02 午前 12:05:00', '2028-02-02T00:05:00.000Z');
    same('3/15/2027 11:59:59 PM', '2027-03-15T23:59:59.000Z');
    same('15/03/2027 23:59:59', '2027-03-15T23:59:59.000Z');
    same('February 2, 2028 3:09:22 AM', '2028-02-02T03:09:22.000Z');
    same('Wednesday, 2 February 2028 03:09', '2028-02-02T03:09:00.000Z');
    same('2/2/28', '2028-02-02T00:00:00.000Z');
  });

  it('returns both readings when day and month could swap', () => {
    assert.deepEqual(iso('12/02/2018 1:53:00 PM'), ['2018-02-12T13:53:00.000Z', '2018-12-02T13:53:00.000Z']);
    assert.deepEqual(iso('02/12/2018 13:53:00'), ['2018-02-12T13:53:00.000Z', '2018-12-02T13:53:00.000Z']);
    assert.equal(unambiguousIso('02/12/2018 13:53:00'), undefined);
    assert.equal(unambiguousIso('5/5/2027 10:00:00 AM'), '2027-05-05T10:00:00.000Z');
  });

  it('rejects what is not a date', () => {
    for (const text of ['', 'soon', '31/31/2027', '2027/13/01', '30.02.2027', '10.0.0.5', 'BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E']) {
      assert.equal(parseLocaleDate(text), undefined, text);
    }
  });
});

import { hasReleaseNote } from '../notes';

test('finds a note', () => expect(hasReleaseNote('Release note: faster')).toBe(true));

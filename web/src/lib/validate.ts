// Client-side checks that mirror the server's rules, so a form can say what is
// wrong before sending. The server remains the authority.

const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** True when a string of digits ends in a valid Verhoeff check digit. */
export function verhoeffValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let c = 0;
  const rev = digits.split('').reverse();
  for (let i = 0; i < rev.length; i++) c = D[c][P[i % 8][Number(rev[i])]];
  return c === 0;
}

/** Checks an Aadhaar number as typed (spaces allowed); null when it looks valid. */
export function aadhaarProblem(raw: string): string | null {
  const digits = raw.replace(/\s+/g, '');
  if (!/^\d{12}$/.test(digits)) return 'An Aadhaar number has 12 digits.';
  if (digits[0] === '0' || digits[0] === '1') return 'An Aadhaar number does not start with 0 or 1.';
  if (!verhoeffValid(digits)) return 'This Aadhaar number is not valid; check for a typo.';
  return null;
}

export function usernameProblem(u: string): string | null {
  if (u.length < 3 || u.length > 32) return 'Use 3 to 32 characters.';
  if (!/^[a-z][a-z0-9_.]*$/.test(u)) return 'Start with a letter; use lowercase letters, digits, "_" and ".".';
  return null;
}

export function passwordProblem(password: string, username: string): string | null {
  if (password.length < 10) return 'Use at least 10 characters.';
  if (password.length > 128) return 'Use at most 128 characters.';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'The password must not contain your username.';
  return null;
}

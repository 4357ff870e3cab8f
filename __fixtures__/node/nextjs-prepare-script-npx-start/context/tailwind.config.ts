import type { Config } from 'tailwindcss';

export default { content: ['./app/**/*.tsx'] } satisfies Config;

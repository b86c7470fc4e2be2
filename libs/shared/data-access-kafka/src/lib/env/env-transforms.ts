import { Transform } from 'class-transformer';

/** 'true'/'1'/'yes' → true, 'false'/'0'/'no'/'' → false; anything else stays a string and fails @IsBoolean. */
export const ToBoolean = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const v = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off', ''].includes(v)) return false;
    return value;
  });

/** A decimal integer string → number; anything else stays a string and fails @IsInt. */
export const ToInt = () =>
  Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value));

/** A comma-separated list → trimmed, non-empty entries. */
export const ToList = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value));

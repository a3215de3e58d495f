'use client';
// Search and filters of the library table; the server does the searching and filtering.
import { SearchRule } from '@/components/ui/search-rule';
import { FORMATS, type FormatName, type LibraryQuery } from './library-query';
import styles from './library.module.css';

export interface Filters {
  search: string;
  withAttribute: string;
  withoutAttribute: string;
  format: FormatName | '';
}

export const NO_FILTERS: Filters = {
  search: '',
  withAttribute: '',
  withoutAttribute: '',
  format: '',
};

export function filterQuery(f: Filters): Omit<LibraryQuery, 'sort' | 'order'> {
  return {
    ...(f.search.trim() ? { search: f.search.trim() } : {}),
    ...(f.withAttribute ? { withAttributes: [f.withAttribute] } : {}),
    ...(f.withoutAttribute ? { withoutAttributes: [f.withoutAttribute] } : {}),
    ...(f.format ? { format: f.format } : {}),
  };
}

export function LibraryToolbar(props: {
  filters: Filters;
  attributes: readonly string[];
  onChange: (f: Filters) => void;
}) {
  const { filters: f, onChange } = props;
  const attributeSelect = (label: string, value: string, set: (v: string) => void) => (
    <label>
      {label}
      <select aria-label={label} value={value} onChange={(e) => set(e.target.value)}>
        <option value="">any</option>
        {props.attributes.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <search className={styles.toolbar} aria-label="Search and filter the library">
      <div className={styles.search}>
        <label>
          Search path, artist, title, album, year, comment
          <input
            type="search"
            value={f.search}
            placeholder="e.g. beatles 1969"
            aria-describedby="library-search-rule"
            onChange={(e) => onChange({ ...f, search: e.target.value })}
          />
        </label>
        <SearchRule id="library-search-rule" />
      </div>
      {attributeSelect('With attribute', f.withAttribute, (v) =>
        onChange({ ...f, withAttribute: v }),
      )}
      {attributeSelect('Without attribute', f.withoutAttribute, (v) =>
        onChange({ ...f, withoutAttribute: v }),
      )}
      <label>
        Format
        <select
          aria-label="Format"
          value={f.format}
          onChange={(e) => onChange({ ...f, format: e.target.value as FormatName | '' })}
        >
          <option value="">any</option>
          {FORMATS.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </label>
    </search>
  );
}

// The attributes page.
export { AttributesPage } from './attributes-page';

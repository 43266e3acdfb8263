/**
 * The page's entry point: defines the custom elements, nothing else. `<sparsewatch-app>`
 * in index.html takes it from there (engine choice, self-check, training).
 */
import './ui/sparsewatch-app.ts';

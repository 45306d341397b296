// Style imports are handled by wp-scripts' webpack config.
declare module '*.css';

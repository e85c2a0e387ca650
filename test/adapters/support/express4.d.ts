// Express 4 is installed under the alias `express4` beside Express 5; its API
// for what these tests use is the one @types/express describes.
declare module 'express4' {
  import express from 'express'
  export default express
}

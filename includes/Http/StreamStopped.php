<?php
/**
 * Signal that a streaming consumer wants no more data.
 *
 * @package ByokAi
 */

namespace ByokAi\Http;

/**
 * Thrown from inside the transport's body callback to cut the transfer; caught by HttpClient.
 */
final class StreamStopped extends \RuntimeException {
}

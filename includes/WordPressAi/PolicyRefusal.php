<?php
/**
 * An AI Client call the administrator's policy refuses.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use WordPress\AiClient\Providers\Http\Exception\ClientException;

/**
 * Thrown from the AI Client's before-generate event (or from the plugin's own models): core's
 * WP_AI_Client_Prompt_Builder turns it into WP_Error 'prompt_client_error' with this message,
 * the status as data.status (403 refused, 429 over a limit) and this class as data.exception_class.
 */
class PolicyRefusal extends ClientException {
}
